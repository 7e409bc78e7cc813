import { findDate, withoutDate } from './dates';
import type { Intent, Utterance } from './intent';
import { tidy } from './text';

const CALLS = '(?:calls?|transcripts?|conversations?|recordings?|call\\s+transcripts?|phone\\s+calls?)';

/** Where the topic is said, the topic last. */
const TOPIC: RegExp[] = [
  new RegExp(
    `^(?:search|look\\s+through|go\\s+through|check|scan|dig\\s+through|search\\s+through)\\s+(?:the\\s+|all\\s+|my\\s+|our\\s+|past\\s+|old\\s+)*${CALLS}\\s+(?:for|about|with|mentioning)\\s+(.+)$`,
    'i',
  ),
  new RegExp(
    `^(?:(?:find|show(?:\\s+me)?|list|get|any|are\\s+there\\s+any|which|what)\\s+)?(?:the\\s+|all\\s+|any\\s+)?${CALLS}\\s+(?:about|mentioning|mentioned|mention|that\\s+mention(?:ed)?|where\\s+.+?\\s+(?:mentioned|said|talked\\s+about|asked\\s+about)|with)\\s+(.+)$`,
    'i',
  ),
  /^.+?\s(?:mention(?:ed|s)?|talk(?:ed|s)?\s+about|sa(?:y|id|ys)\s+about|ask(?:ed|s)?\s+about|br(?:ing|ought)\s+up|discuss(?:ed)?|spoke\s+about|spoken\s+about|was\s+said\s+about|were\s+talking\s+about|chat(?:ted)?\s+about)\s+(.+)$/i,
];

/** Words around a topic that are not what to search for. */
const LEADING =
  /^(?:(?:the\s+words?|the\s+phrase|the\s+term|the\s+name|mentions?\s+of|the|a|an|any|some|her|his|their|our|my|your|its|that|this|about)\s+)+/i;
const TRAILING =
  /\s+(?:on|in|during|from)\s+(?:the\s+|a\s+|any\s+|our\s+|my\s+|past\s+)?(?:calls?|phone|transcripts?|conversations?)$|\s+(?:lately|recently|before|yet|at\s+all|ever|with\s+us|to\s+us)$/i;

/** Who said it, when a person is named: "what did Priya say about…", "when did the Lees bring up…". */
const WHO =
  /^(?:what|when|where|how|did|has|have|had)\s+(?:did|does|has|have|had\s+)?\s*(.+?)\s+(?:mention(?:ed|s)?|talk(?:ed|s)?|sa(?:y|id|ys)|ask(?:ed|s)?|br(?:ing|ought)|discuss(?:ed)?|spoke)\b/i;
/** Not a person: "did anyone mention…", "what did we say about…". */
const NOBODY =
  /^(?:any(?:one|body)|some(?:one|body)|every(?:one|body)|no(?:one|body)|we|they|you|i|he|she|it|people|the\s+client|a\s+client|clients|the\s+caller|was|were)$/i;

function speakerOf(text: string): string | undefined {
  const m = WHO.exec(text);
  const who = m?.[1] ? tidy(m[1]) : undefined;
  return who && !NOBODY.test(who) && who.split(/\s+/).length <= 4 ? who : undefined;
}

/** The topic of a search, without articles and "on calls". */
function topicOf(raw: string): string {
  let t = tidy(raw).replace(/^["']|["']$/g, '');
  for (let prev = ''; prev !== t;) {
    prev = t;
    t = tidy(t.replace(LEADING, '').replace(TRAILING, ''));
  }
  return t;
}

/**
 * `search_transcripts`: "which calls mentioned the Lakeside Pavilion", "what did Priya say about the
 * budget" (the topic, and Priya as the speaker), "search calls for uplighting", "did anyone mention
 * parking?" (anyone: no speaker).
 */
export function searchRule(u: Utterance): Intent | undefined {
  const date = findDate(u.text, u.today, 'since');
  const t = date ? withoutDate(u.text, date) : u.text;
  for (const re of TOPIC) {
    const m = re.exec(t);
    if (!m) continue;
    const query = topicOf(m[m.length - 1] ?? '') || undefined;
    return {
      tool: 'search_transcripts',
      args: { query, speaker: speakerOf(t) },
      ask: 'What should I search the calls for?',
    };
  }
  return undefined;
}
