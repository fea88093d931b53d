/**
 * The custom-filter shapes users write most — absolute location paths of child (`/`) and
 * descendant (`//`) steps with name tests, and predicates that compare a node's string value,
 * text, local name, an attribute or a child element with a literal (`=`, contains(),
 * starts-with()), or pick a position, joined by `and` — evaluated directly over a light tree of
 * one event built by a small tokenizer, instead of a full DOM and the XPath library (about 20×
 * faster on trace events). Exactness first: the expression compiles here only when every part of
 * it is one of those shapes, and the tokenizer answers 'unsure' on any XML it does not model
 * (comments, CDATA, processing instructions, DOCTYPE, unknown entities, CR or tabs in attribute
 * values, non-ASCII names, mismatched tags…); the caller then asks the library. A property test
 * (tests/unit/xpath-fast.test.ts) keeps both in agreement on the corpus and on generated events.
 */

export type FastVerdict = 'match' | 'no' | 'unsure';
export type FastMatcher = (xml: string) => FastVerdict;

// ---------------------------------------------------------------------------------------------
// The expression

interface Name {
  /** Namespace URI, or null for an unprefixed name (XPath 1.0: no namespace). */
  ns: string | null;
  /** Local name, or '*' for any. */
  local: string;
}
type Operand = { k: 'self' } | { k: 'text' } | { k: 'attr'; name: Name } | { k: 'child'; name: Name };
type Cond = { k: 'pos'; n: number } | { k: 'local'; lit: string } | { k: 'exists'; of: Operand } | { k: 'cmp'; op: 'eq' | 'contains' | 'starts'; of: Operand; lit: string };
interface Step {
  descendant: boolean;
  attribute: boolean;
  test: Name;
  /** Each bracket is a conjunction; brackets apply one after the other (positions count after the previous). */
  preds: Cond[][];
}
type Path = Step[];

class Unsupported extends Error {}

const TOKEN = /\s*(\/\/|\/|\[|\]|\(|\)|,|=|@|\.|\*|'[^']*'|"[^"]*"|\d+|[A-Za-z_][\w.-]*(?::(?:[A-Za-z_][\w.-]*|\*))?|\S)/y;

function tokenize(expr: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < expr.length && (m = TOKEN.exec(expr))) out.push(m[1]);
  if (/\S/.test(expr.slice(TOKEN.lastIndex))) throw new Unsupported();
  return out;
}

const isLiteral = (t: string | undefined) => t !== undefined && (t[0] === "'" || t[0] === '"');
const isName = (t: string | undefined) => t !== undefined && /^[A-Za-z_]/.test(t);

/** Parses the supported subset; throws Unsupported on anything else. */
function parse(expr: string, namespaces: Readonly<Record<string, string>>): Path[] {
  const t = tokenize(expr);
  let i = 0;
  const peek = () => t[i];
  const take = (want?: string) => {
    const tok = t[i++];
    if (tok === undefined || (want !== undefined && tok !== want)) throw new Unsupported();
    return tok;
  };
  const name = (q: string, attribute: boolean): Name => {
    const c = q.indexOf(':');
    if (c < 0) {
      if (attribute && q === 'xmlns') throw new Unsupported();
      return { ns: null, local: q };
    }
    const prefix = q.slice(0, c);
    const ns = Object.prototype.hasOwnProperty.call(namespaces, prefix) ? namespaces[prefix] : undefined;
    if (ns === undefined || prefix === 'xmlns') throw new Unsupported(); // the library reports unknown prefixes
    return { ns, local: q.slice(c + 1) };
  };
  const literal = () => {
    const tok = take();
    if (!isLiteral(tok)) throw new Unsupported();
    return tok.slice(1, -1);
  };
  const operand = (): Operand => {
    const tok = take();
    if (tok === '.') return { k: 'self' };
    if (tok === '@') {
      const n = take();
      if (!isName(n) || n.endsWith('*')) throw new Unsupported();
      return { k: 'attr', name: name(n, true) };
    }
    if (tok === 'text' && peek() === '(') {
      take('(');
      take(')');
      return { k: 'text' };
    }
    if (isName(tok) && peek() !== '(' && tok !== 'and' && tok !== 'or' && tok !== 'div' && tok !== 'mod') return { k: 'child', name: name(tok, false) };
    throw new Unsupported();
  };
  const cond = (attribute: boolean): Cond => {
    const tok = peek();
    let c: Cond;
    if (tok !== undefined && /^\d+$/.test(tok) && (t[i + 1] === ']' || t[i + 1] === undefined)) {
      take();
      c = { k: 'pos', n: Number(tok) };
    } else if ((tok === 'contains' || tok === 'starts-with') && t[i + 1] === '(') {
      take();
      take('(');
      const of = operand();
      take(',');
      const lit = literal();
      take(')');
      c = { k: 'cmp', op: tok === 'contains' ? 'contains' : 'starts', of, lit };
    } else if (tok === 'local-name' && t[i + 1] === '(') {
      take();
      take('(');
      take(')');
      take('=');
      c = { k: 'local', lit: literal() };
    } else {
      const of = operand();
      if (peek() === '=') {
        take('=');
        c = { k: 'cmp', op: 'eq', of, lit: literal() };
      } else c = { k: 'exists', of };
    }
    // On an attribute only its own value can be compared.
    if (attribute && !(c.k === 'cmp' && c.of.k === 'self')) throw new Unsupported();
    return c;
  };
  const step = (descendant: boolean): Step => {
    let attribute = false;
    if (peek() === '@') {
      take();
      attribute = true;
    }
    const tok = take();
    let test: Name;
    if (tok === '*' && !attribute) test = { ns: null, local: '*' };
    else if (isName(tok) && t[i] !== '(' && !(attribute && tok.endsWith('*'))) test = tok.endsWith(':*') ? { ...name(tok.slice(0, -2) + ':x', false), local: '*' } : name(tok, attribute);
    else throw new Unsupported();
    const preds: Cond[][] = [];
    while (peek() === '[') {
      take('[');
      const all = [cond(attribute)];
      while (peek() === 'and') {
        take();
        all.push(cond(attribute));
      }
      take(']');
      if (all.some((c) => c.k === 'pos') && all.length > 1) throw new Unsupported();
      preds.push(all);
    }
    return { descendant, attribute, test, preds };
  };
  const path = (): Path => {
    const steps: Step[] = [];
    let sep = peek();
    if (sep !== '/' && sep !== '//') throw new Unsupported(); // absolute paths only
    while (sep === '/' || sep === '//') {
      take();
      if (steps.length && steps[steps.length - 1].attribute) throw new Unsupported();
      steps.push(step(sep === '//'));
      sep = peek();
    }
    return steps;
  };
  const paths = [path()];
  while (peek() === 'and') {
    take();
    paths.push(path());
  }
  if (i !== t.length) throw new Unsupported();
  return paths;
}

// ---------------------------------------------------------------------------------------------
// One event as a light tree

interface Attr {
  ns: string | null;
  local: string;
  value: string;
}
interface El {
  ns: string | null;
  local: string;
  qname: string;
  attrs: Attr[];
  /** Children in order: elements and text nodes (strings). */
  kids: (El | string)[];
  value?: string;
}

class Unsure extends Error {}
const UNSURE = new Unsure();

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const NAME = /([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)/y;
const ATTR = /\s+([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_END = /\s*(\/?)>/y;
const END_TAG = /<\/([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*>/y;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Resolves the predefined and numeric references; anything else (or a character XML forbids) is for the library. */
function unescape(s: string): string {
  if (s.replace(ENTITY, '').includes('&')) throw UNSURE; // an unknown entity or a stray '&'
  return s.replace(ENTITY, (_m, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return NAMED[named];
    const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    if (!(cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff))) throw UNSURE;
    return String.fromCodePoint(cp);
  });
}

/** Characters XML 1.0 forbids: the library decides what such an event is. */
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;

/** Parses one event; throws UNSURE on anything not modelled. Returns the root element. */
function tree(xml: string): El {
  let i = 0;
  const n = xml.length;
  const stack: El[] = [];
  const scopes: Map<string, string | null>[] = [];
  let scope = new Map<string, string | null>([['', null]]);
  let root: El | undefined;
  if (FORBIDDEN.test(xml)) throw UNSURE;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      let raw = xml.slice(i, end);
      if (raw.includes(']]>')) throw UNSURE;
      if (raw.includes('\r')) raw = raw.replace(/\r\n?/g, '\n'); // line ends as an XML processor reads them
      if (!stack.length) {
        if (/[^ \n\t]/.test(raw)) throw UNSURE; // text outside the root element
      } else stack[stack.length - 1].kids.push(raw.includes('&') ? unescape(raw) : raw);
    }
    if (lt < 0) break;
    const c = xml.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      END_TAG.lastIndex = lt;
      const m = END_TAG.exec(xml);
      const top = stack.pop();
      if (!m || !top || m[1] !== top.qname) throw UNSURE;
      scope = scopes.pop()!;
      i = END_TAG.lastIndex;
      continue;
    }
    if (c === 33 /* ! */ || c === 63 /* ? */) throw UNSURE; // comments, CDATA, DOCTYPE, processing instructions
    NAME.lastIndex = lt + 1;
    const nm = NAME.exec(xml);
    if (!nm) throw UNSURE;
    let p = NAME.lastIndex;
    const raw: [string, string][] = [];
    let own: Map<string, string | null> | undefined;
    for (;;) {
      ATTR.lastIndex = p;
      const a = ATTR.exec(xml);
      if (!a) break;
      p = ATTR.lastIndex;
      let v = a[2] ?? a[3];
      if (/[\t\n\r]/.test(v)) throw UNSURE; // attribute-value normalization is the library's
      if (v.includes('&')) v = unescape(v);
      const q = a[1];
      if (raw.some((r) => r[0] === q)) throw UNSURE;
      raw.push([q, v]);
      if (q === 'xmlns' || q.startsWith('xmlns:')) {
        own ??= new Map(scope);
        own.set(q === 'xmlns' ? '' : q.slice(6), v === '' ? null : v);
      }
    }
    TAG_END.lastIndex = p;
    const te = TAG_END.exec(xml);
    if (!te) throw UNSURE;
    i = TAG_END.lastIndex;
    const inner = own ?? scope;
    // (Plain object literals here: spreading a helper's result into each node was 10× slower.)
    const namespaceOf = (q: string, k: number, attribute: boolean): string | null => {
      if (k < 0) return attribute ? null : (inner.get('') ?? null);
      const prefix = q.slice(0, k);
      const ns = prefix === 'xml' ? XML_NS : inner.get(prefix);
      if (!ns) throw UNSURE; // an unbound prefix
      return ns;
    };
    const attrs: Attr[] = [];
    for (const [q, v] of raw) {
      if (q === 'xmlns' || q.startsWith('xmlns:')) continue;
      const k = q.indexOf(':');
      attrs.push({ ns: namespaceOf(q, k, true), local: k < 0 ? q : q.slice(k + 1), value: v });
    }
    for (let a = 0; a < attrs.length; a++) for (let b = a + 1; b < attrs.length; b++) if (attrs[a].ns === attrs[b].ns && attrs[a].local === attrs[b].local) throw UNSURE;
    const q = nm[1];
    const k = q.indexOf(':');
    const el: El = { ns: namespaceOf(q, k, false), local: k < 0 ? q : q.slice(k + 1), qname: q, attrs, kids: [], value: undefined };
    if (stack.length) stack[stack.length - 1].kids.push(el);
    else if (root) throw UNSURE; // a second root
    else root = el;
    if (te[1] !== '/') {
      stack.push(el);
      scopes.push(scope);
      scope = inner;
    }
  }
  if (!root || stack.length) throw UNSURE;
  return root;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

function stringValue(e: El): string {
  if (e.value === undefined) {
    let s = '';
    for (const k of e.kids) s += typeof k === 'string' ? k : stringValue(k);
    e.value = s;
  }
  return e.value;
}

const nameMatches = (test: Name, ns: string | null, local: string) => (test.local === '*' || test.local === local) && test.ns === ns;
const elementMatches = (test: Name, e: El) => (test.local === '*' && test.ns === null ? true : nameMatches(test, e.ns, e.local));

/** The operand's nodes' string values (XPath: a comparison holds if it holds for one of them). */
function values(of: Operand, e: El): string[] {
  switch (of.k) {
    case 'self':
      return [stringValue(e)];
    case 'text':
      return e.kids.filter((k): k is string => typeof k === 'string');
    case 'attr':
      return e.attrs.filter((a) => nameMatches(of.name, a.ns, a.local)).map((a) => a.value);
    case 'child':
      return e.kids.filter((k): k is El => typeof k !== 'string' && elementMatches(of.name, k)).map(stringValue);
  }
}

function holds(c: Cond, e: El): boolean {
  switch (c.k) {
    case 'local':
      return e.local === c.lit;
    case 'exists':
      return values(c.of, e).length > 0;
    case 'cmp': {
      const vs = values(c.of, e);
      if (c.op === 'eq') return vs.includes(c.lit);
      // contains()/starts-with() take the string value of the first node (or '').
      const s = vs.length ? vs[0] : '';
      return c.op === 'contains' ? s.includes(c.lit) : s.startsWith(c.lit);
    }
    case 'pos':
      return false; // handled by position in filter()
  }
}

function filter<T>(items: T[], preds: Cond[][], test: (c: Cond, x: T) => boolean): T[] {
  let list = items;
  for (const all of preds) {
    if (all[0].k === 'pos') {
      const n = all[0].n;
      list = n >= 1 && n <= list.length ? [list[n - 1]] : [];
    } else list = list.filter((x) => all.every((c) => test(c, x)));
    if (!list.length) break;
  }
  return list;
}

const attrHolds = (c: Cond, a: Attr) => {
  if (c.k !== 'cmp') return false;
  return c.op === 'eq' ? a.value === c.lit : c.op === 'contains' ? a.value.includes(c.lit) : a.value.startsWith(c.lit);
};

/** True when the path selects at least one node of the event (the document node holds `root`). */
function selects(path: Path, root: El): boolean {
  const doc: El = { ns: null, local: '', qname: '', attrs: [], kids: [root], value: undefined };
  let context: El[] = [doc];
  for (let s = 0; s < path.length; s++) {
    const step = path[s];
    const parents: El[] = [];
    const seen = new Set<El>();
    const addAll = (e: El) => {
      if (seen.has(e)) return;
      seen.add(e);
      parents.push(e);
      for (const k of e.kids) if (typeof k !== 'string') addAll(k);
    };
    if (step.descendant) for (const c of context) addAll(c);
    else parents.push(...context);
    if (step.attribute) {
      for (const p of parents) {
        const own = p.attrs.filter((a) => nameMatches(step.test, a.ns, a.local));
        if (filter(own, step.preds, attrHolds).length) return true;
      }
      return false;
    }
    const next: El[] = [];
    const picked = new Set<El>();
    for (const p of parents) {
      const kids = p.kids.filter((k): k is El => typeof k !== 'string' && elementMatches(step.test, k));
      for (const k of filter(kids, step.preds, holds)) {
        if (picked.has(k)) continue;
        picked.add(k);
        next.push(k);
      }
    }
    if (!next.length) return false;
    context = next;
  }
  return true;
}

/**
 * A direct matcher for `expr` (parameters already substituted), or undefined when the expression
 * is not one of the shapes modelled here (the XPath library evaluates it).
 */
export function compileFastXPath(expr: string, namespaces: Readonly<Record<string, string>>): FastMatcher | undefined {
  let paths: Path[];
  try {
    paths = parse(expr, namespaces);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
  return (xml) => {
    let root: El;
    try {
      root = tree(xml);
    } catch (e) {
      if (e instanceof Unsure) return 'unsure';
      throw e;
    }
    return paths.every((p) => selects(p, root)) ? 'match' : 'no';
  };
}
