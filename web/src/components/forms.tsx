import type { ComponentChildren, JSX, LooseInputHTMLAttributes, TextareaHTMLAttributes } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api/problem';

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({ status: 0, title: error instanceof Error ? error.message : String(error) });
}

/** Runs a form's request, keeping its busy state and the API's refusal for the fields to show. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (work: () => Promise<string | void>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const message = await work();
      if (message) setDone(message);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run, setError };
}

type InputProps = Omit<LooseInputHTMLAttributes<HTMLInputElement>, 'label' | 'name'> & {
  label: string;
  name: string;
  error?: ApiError | null;
  hint?: ComponentChildren;
  /** Other names the API may use for this field's messages. */
  alsoFor?: string[];
};

/** A labelled input with the API's messages for it beside it (aria-invalid, aria-describedby). */
export function Field({ label, name, error, hint, alsoFor = [], id, ...input }: InputProps) {
  const fieldId = id ?? `field-${name}`;
  const messages = error ? [name, ...alsoFor].flatMap((field) => error.fieldErrors(field)) : [];
  const described = [hint ? `${fieldId}-hint` : '', messages.length ? `${fieldId}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${messages.length ? ' invalid' : ''}`}>
      <label for={fieldId}>{label}</label>
      <input id={fieldId} name={name} aria-invalid={messages.length > 0} aria-describedby={described || undefined}
        {...(input as JSX.IntrinsicElements['input'])} />
      {hint && <p class="hint" id={`${fieldId}-hint`}>{hint}</p>}
      {messages.length > 0 && (
        <p class="field-error" id={`${fieldId}-error`}>
          {messages.join(' ')}
        </p>
      )}
    </div>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'label' | 'name'> & {
  label: string;
  name: string;
  error?: ApiError | null;
  hint?: ComponentChildren;
};

export function TextArea({ label, name, error, hint, id, ...input }: TextAreaProps) {
  const fieldId = id ?? `field-${name}`;
  const messages = error?.fieldErrors(name) ?? [];
  const described = [hint ? `${fieldId}-hint` : '', messages.length ? `${fieldId}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${messages.length ? ' invalid' : ''}`}>
      <label for={fieldId}>{label}</label>
      <textarea id={fieldId} name={name} aria-invalid={messages.length > 0} aria-describedby={described || undefined} {...input} />
      {hint && <p class="hint" id={`${fieldId}-hint`}>{hint}</p>}
      {messages.length > 0 && <p class="field-error" id={`${fieldId}-error`}>{messages.join(' ')}</p>}
    </div>
  );
}

/**
 * The form's own message: the API's words when no field is to blame, or a pointer to the
 * marked fields plus any messages for fields this form does not show (`shown` lists those it does).
 */
export function FormError({ error, shown = [] }: { error: ApiError | null; shown?: string[] }) {
  if (!error) return null;
  const lower = shown.map((field) => field.toLowerCase());
  const unshown = error.fields.filter((field) => !lower.includes(field.toLowerCase()));
  const extra = unshown.flatMap((field) => error.fieldErrors(field));
  const text = error.isFieldProblem ? 'Please correct the fields marked below.' : error.message;
  return (
    <div class="form-error" role="alert">
      <p>{text}</p>
      {extra.length > 0 && <p>{extra.join(' ')}</p>}
    </div>
  );
}

export function Done({ message }: { message: string | null }) {
  return message ? <p class="form-done" role="status">{message}</p> : null;
}

export function Submit({ busy, children }: { busy: boolean; children: ComponentChildren }) {
  return (
    <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
      {busy ? 'Working…' : children}
    </button>
  );
}
