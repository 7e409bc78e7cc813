/**
 * A call line and the grounded answer a model gives for it, for tests that need the worker to complete
 * an analysis through the OpenAI wire (tests/fakes/openai-server.ts): every field quotes the line.
 */
export const CEDAR_HALL_LINE = 'We are getting married at Cedar Hall on May 2nd with 80 guests.';

export const CEDAR_HALL_ANSWER = JSON.stringify({
  summary: 'Wedding at Cedar Hall on May 2 for 80 guests.',
  actionItems: [],
  leadStatus: 'qualified',
  sentiment: 'warm',
  sentimentReason: null,
  fields: {
    eventType: { value: 'wedding', quote: CEDAR_HALL_LINE },
    eventDate: { value: '2027-05-02', quote: CEDAR_HALL_LINE },
    guestCount: { value: 80, quote: CEDAR_HALL_LINE },
    venue: { value: 'Cedar Hall', quote: CEDAR_HALL_LINE },
    budget: { value: null, quote: null },
  },
  needs: { quote: false, invoice: false, contract: false },
});
