export type { Plan, PlanContext, Planner } from './planner/planner';
export type { Assistant, AssistantConfig, AssistantOptions, Decision, TurnInput } from './assistant';
export * from './providers';
export { createAssistant } from './create-assistant';
export { RulePlanner } from './planner/rules';
export { parseChoice, parseConfirmation } from './planner/confirmation';
export { cleanUtterance, findDate, type DateSense, type FoundDate } from './planner/rules';
export { money } from './answers/format';
