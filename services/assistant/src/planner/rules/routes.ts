import type { AssistantRoute } from '@booth/shared/api';

/** How each dashboard place is called. */
const ROUTE_WORDS: [RegExp, AssistantRoute][] = [
  [
    /^(?:home(?:\s*page)?|homepage|dashboard|main\s+(?:page|screen)|start\s+page|overview|front\s+page)$/i,
    'dashboard',
  ],
  [/^(?:contacts|contact\s+list|leads|clients|customers|crm|people)$/i, 'contacts'],
  [/^(?:calls?|call\s+(?:log|list|history)|recordings?|phone\s+calls?)$/i, 'calls'],
  [/^(?:tasks?|to-?dos?|to\s+dos?|to-?do\s+list|to\s+do\s+list|task\s+list|reminders?)$/i, 'tasks'],
  [/^(?:quotes|quotations|estimates|proposals)$/i, 'quotes'],
  [/^(?:invoices|billing|payments)$/i, 'invoices'],
  [/^(?:calendar|schedule|agenda|events?|diary)$/i, 'calendar'],
  [/^(?:notifications?|alerts?|notification\s+centre|notification\s+center)$/i, 'notifications'],
  [/^(?:search|search\s+bar|search\s+box)$/i, 'search'],
  [/^(?:settings?|preferences|options|config(?:uration)?|account\s+settings)$/i, 'settings'],
];

/** Words around a place's name that leave it the same place ("the", "my", "recent", "page"). */
const AROUND = {
  before: /^(?:(?:the|my|our|all|all\s+the|all\s+my|recent|latest|open|new|list\s+of)\s+)+/i,
  after: /\s+(?:page|tab|screen|section|view|area|panel|list)$/i,
};

/** Whether a page word ("page", "tab", "screen") was said with the place. */
export function saysPage(phrase: string): boolean {
  return /\s(?:page|tab|screen|section|view|area|panel)$/i.test(phrase.trim());
}

/**
 * The dashboard place `phrase` names as a whole ("the calendar", "my notifications", "quotes
 * page", "recent calls"), or undefined when the phrase is more than a place's name.
 */
export function routeNamed(phrase: string): AssistantRoute | undefined {
  const core = phrase.trim().replace(AROUND.before, '').replace(AROUND.after, '').trim();
  // "the invoice page" is the invoices page; "the invoice" alone is one invoice.
  const cores = saysPage(phrase) ? [core, `${core}s`] : [core];
  for (const c of cores) for (const [re, route] of ROUTE_WORDS) if (re.test(c)) return route;
  return undefined;
}
