/** What the assistant says when there is nothing to run: greetings, thanks, help, not understood. */

/** A few things to say, as examples of what can be asked. */
export const EXAMPLES = [
  '"show me new leads from this week"',
  '"open Sarah\'s contact"',
  '"mark Sarah as booked"',
  '"add a note to Sarah: wants uplighting"',
  '"remind me to call Priya tomorrow"',
  '"what\'s on my list today"',
  '"unpaid invoices"',
  '"open the quote for Sarah"',
  '"which calls mentioned uplighting"',
  '"set up a consultation with the Lees"',
  '"go to invoices"',
];

export const HELP_REPLY =
  'I can find and open contacts, change lead statuses, add notes and tasks, list tasks and invoices, ' +
  'open quotes and invoices, search what was said on calls, set up consultations and go to any page. ' +
  `Try ${EXAMPLES.slice(0, 4).join(', ')} or ${EXAMPLES[EXAMPLES.length - 1] ?? '"go to invoices"'}.`;

export const NOT_UNDERSTOOD_REPLY =
  "Sorry, I didn't catch what to do. I can work with contacts, tasks, invoices, quotes, calls and " +
  `consultations, for example ${EXAMPLES.slice(0, 3).join(', ')}, ${EXAMPLES[4] ?? ''} or ${EXAMPLES[8] ?? ''}.`;

const SMALL_TALK: [RegExp, string][] = [
  [/^$/, 'Yes? Ask me for a contact, a task, an invoice or a page, or say "help".'],
  [
    /^(?:hi|hello|hey|hiya|howdy|yo|good\s+(?:morning|afternoon|evening|day)|morning|evening)(?:\s+(?:there|again|booth|boot))*$/i,
    'Hi! What can I do for you? Say "help" to hear what I can do.',
  ],
  [
    /^(?:thanks|thank\s+you|thank\s+u|thx|ty|cheers|much\s+appreciated|appreciate\s+it|great|perfect|awesome|nice|cool|got\s+it|ok|okay|alright|all\s+right|sounds\s+good|great\s+thanks|ok\s+thanks|cool\s+thanks|good)(?:\s+(?:so\s+much|very\s+much|a\s+lot|again|booth|boot|thanks|thank\s+you|cool|great))*$/i,
    "You're welcome. Anything else?",
  ],
  [
    /^(?:help|help\s+me|what\s+can\s+(?:you|i)\s+(?:do|say|ask)|what\s+do\s+you\s+do|what\s+are\s+you|who\s+are\s+you|how\s+does\s+this\s+work|how\s+do\s+(?:i|you)\s+use\s+(?:this|you)|commands|what\s+are\s+(?:the|your)\s+commands|options)$/i,
    HELP_REPLY,
  ],
];

/** The reply to small talk and help requests, or undefined when `text` (cleaned) is something else. */
export function smallTalkReply(text: string): string | undefined {
  const t = text.trim().replace(/[,]/g, '');
  for (const [re, reply] of SMALL_TALK) if (re.test(t)) return reply;
  return undefined;
}
