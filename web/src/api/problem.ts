/** An RFC 9457 problem as the platform sends it; `errors` holds per-field messages on 400s. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: Record<string, string[]>;
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://aethex.live/problems/';

/** A refused or failed API call, with the words to show the person and the fields they concern. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(describe(problem));
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** The short problem type ("two-factor-required"), or "" when the answer had none. */
  get kind(): string {
    const type = this.problem.type ?? '';
    return type.startsWith(TYPE_BASE) ? type.slice(TYPE_BASE.length) : '';
  }

  /** Messages for one field, matched case-insensitively (the API names fields in camelCase). */
  fieldErrors(field: string): string[] {
    const errors = this.problem.errors ?? {};
    const key = Object.keys(errors).find((name) => name.toLowerCase() === field.toLowerCase());
    if (key) return errors[key];
    // A conflict about one field (409 already-taken) names it in the "field" extension.
    return typeof this.problem.field === 'string' && this.problem.field.toLowerCase() === field.toLowerCase() && this.problem.title
      ? [this.problem.title]
      : [];
  }

  /** Fields that carry messages. */
  get fields(): string[] {
    const named = typeof this.problem.field === 'string' ? [this.problem.field] : [];
    return [...Object.keys(this.problem.errors ?? {}), ...named];
  }

  /** True when every message belongs to a field, so the form needs no message of its own beyond a pointer. */
  get isFieldProblem(): boolean {
    return this.fields.length > 0;
  }
}

function describe(problem: Problem): string {
  if (problem.status === 0) return problem.title ?? 'Could not reach AeThex. Check your connection and try again.';
  if (problem.status === 400 && problem.errors) return 'Please correct the fields marked below.';
  const parts = [problem.title, problem.detail].filter((part): part is string => !!part);
  if (parts.length > 0) return parts.join(' ');
  switch (problem.status) {
    case 401: return 'Please sign in again.';
    case 403: return 'You are not allowed to do this.';
    case 404: return 'Not found.';
    case 429: return 'Too many requests; wait a moment and try again.';
    default: return problem.status >= 500 ? 'Something went wrong on our side; try again shortly.' : `The request failed (${problem.status}).`;
  }
}

/** Reads a response that failed into a problem, whatever body (or none) it came with. */
export async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      const body = JSON.parse(text) as Partial<Problem>;
      if (body && typeof body === 'object') return { ...body, status: response.status };
    } catch {
      // Not JSON (a proxy's error page): fall through to the status alone.
    }
  }
  return { status: response.status };
}

export function networkProblem(): Problem {
  return { status: 0, title: 'Could not reach AeThex. Check your connection and try again.' };
}
