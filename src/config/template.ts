/** The syntax of Compose interpolation, parsed apart from evaluation so a typo is caught even in an unused default. */

export type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';
export interface Substitution {
  name: string;
  op?: Operator;
  word: Part[];
}
export type Part = string | Substitution;

export class TemplateSyntaxError extends Error {}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATORS: Operator[] = [':-', ':?', ':+', '-', '?', '+'];
/** Real files nest two or three levels; the limit keeps hostile input off the call stack. */
const MAX_NESTING = 16;

export function parseTemplate(text: string): Part[] {
  const parser = new Parser(text);
  return parser.parts(false, 0);
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parts(inBraces: boolean, depth: number): Part[] {
    if (depth > MAX_NESTING) throw new TemplateSyntaxError(`interpolation nested more than ${MAX_NESTING} levels deep`);
    const parts: Part[] = [];
    let literal = '';
    while (this.pos < this.text.length && !(inBraces && this.text[this.pos] === '}')) {
      if (this.text[this.pos] !== '$') {
        literal += this.text[this.pos++];
        continue;
      }
      const next = this.text[this.pos + 1];
      if (next === '$') {
        literal += '$';
        this.pos += 2;
        continue;
      }
      if (literal) parts.push(literal);
      literal = '';
      parts.push(next === '{' ? this.braced(depth) : this.bare());
    }
    if (literal) parts.push(literal);
    return parts;
  }

  private bare(): Substitution {
    const name = this.name(this.pos + 1);
    if (!name) throw new TemplateSyntaxError(`"$" must be followed by a variable name, "{" or another "$" in "${this.excerpt(this.pos)}"`);
    this.pos += 1 + name.length;
    return { name, word: [] };
  }

  private braced(depth: number): Substitution {
    const start = this.pos;
    this.pos += 2;
    const name = this.name(this.pos);
    if (!name) throw new TemplateSyntaxError(`invalid variable name in "${this.excerpt(start)}"`);
    this.pos += name.length;
    const op = OPERATORS.find((candidate) => this.text.startsWith(candidate, this.pos));
    if (op) this.pos += op.length;
    else if (this.pos < this.text.length && this.text[this.pos] !== '}') {
      throw new TemplateSyntaxError(`unexpected "${this.text[this.pos]}" after the name in "${this.excerpt(start)}"`);
    }
    const word = op ? this.parts(true, depth + 1) : [];
    if (this.text[this.pos] !== '}') throw new TemplateSyntaxError(`"${this.excerpt(start)}" is missing its closing "}"`);
    this.pos += 1;
    return { name, ...(op ? { op } : {}), word };
  }

  private name(at: number): string | undefined {
    NAME.lastIndex = at;
    return NAME.exec(this.text)?.[0];
  }

  private excerpt(from: number): string {
    const close = this.text.indexOf('}', from);
    const end = close === -1 ? this.text.length : close + 1;
    return end - from > 40 ? `${this.text.slice(from, from + 40)}…` : this.text.slice(from, end);
  }
}
