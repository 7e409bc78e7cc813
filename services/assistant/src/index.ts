export type { Plan, PlanContext, Planner } from './planner/planner';
export type { Assistant, AssistantOptions, Decision, TurnInput } from './assistant';
