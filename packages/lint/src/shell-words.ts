/** Simple commands of a shell text (quotes removed, assignments and redirections dropped). */
export interface ShellCommands {
  commands: string[][];
  /** A `|` pipe (not `||`) appears outside quotes. */
  pipe: boolean;
}

const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'while',
  'until',
  'for',
  'case',
  'esac',
  '{',
  '}',
  '!',
  'in',
  'time',
]);
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'command', 'nice', 'nohup', 'xargs']);
const REDIRECT_ALONE = /^\d*(?:>>?|<<?-?|<>|>&|<&|&>>?)$/;
const REDIRECT_JOINED = /^\d*(?:>>?|<<?-?|<>|>&|<&|&>>?)\S/;

function clean(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (REDIRECT_ALONE.test(w)) {
      i++;
      continue;
    }
    if (REDIRECT_JOINED.test(w)) continue;
    out.push(w);
  }
  while (out.length > 0 && (RESERVED.has(out[0] ?? '') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(out[0] ?? ''))) out.shift();
  return out;
}

/** Splits shell text into simple commands, enough to recognise programs and their arguments. */
export function shellCommands(text: string): ShellCommands {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | null = null;
  let pipe = false;
  const endWord = (): void => {
    if (word !== null) words.push(word);
    word = null;
  };
  const endCommand = (): void => {
    endWord();
    const cleaned = clean(words);
    if (cleaned.length > 0) commands.push(cleaned);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    const next = text[i + 1] ?? '';
    if (c === '\\') {
      if (next !== '\n') word = (word ?? '') + next;
      i++;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? text.length : close;
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let buf = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`\n'.includes(text[j + 1] ?? '')) j++;
        buf += text[j];
      }
      word = (word ?? '') + buf;
      i = j;
    } else if (c === '#' && word === null) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl - 1;
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else if (c === '|') {
      if (next === '|') i++;
      else pipe = true;
      endCommand();
    } else if (c === '&') {
      if (next === '&') i++;
      else if (next === '>' || text[i - 1] === '>') {
        word = (word ?? '') + c;
        continue;
      }
      endCommand();
    } else if (c === ';' || c === '\n' || c === '(' || c === ')' || c === '`') {
      if (c === '(' && word !== null && word.endsWith('$')) word = word.slice(0, -1);
      endCommand();
    } else {
      word = (word ?? '') + c;
    }
  }
  endCommand();
  return { commands, pipe };
}

/** Drops wrappers such as `sudo` or `env X=1` so the real program comes first. */
export function program(words: string[]): string[] {
  let rest = words;
  while (rest.length > 0 && WRAPPERS.has(rest[0] ?? '')) {
    rest = rest.slice(1);
    while (rest.length > 0 && (/^-/.test(rest[0] ?? '') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0] ?? ''))) rest = rest.slice(1);
  }
  const name = rest[0];
  if (name === undefined) return rest;
  return [name.replace(/^.*\//, ''), ...rest.slice(1)];
}
