export type { Plan, PlanContext, Planner } from './planner/planner';
