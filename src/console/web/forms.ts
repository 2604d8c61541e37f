import { ApiFailure, describeFailure, SessionEnded } from './api.failure.js';
import { h, Notice } from './dom.js';

/** A labelled input with the line where the API's errors about it appear. */
export interface Field {
  name: string;
  input: HTMLInputElement | HTMLSelectElement;
  error: HTMLElement;
  element: HTMLElement;
}

type InputAttributes = Record<string, string | number | boolean | undefined>;

export function inputField(form: string, name: string, label: string, attributes: InputAttributes = {}): Field {
  const id = `${form}-${name}`;
  const input = h('input', { id, name, type: 'text', ...attributes });
  return wrap(name, id, label, input, attributes.type === 'checkbox');
}

export function selectField(form: string, name: string, label: string, options: Array<[string, string]>): Field {
  const id = `${form}-${name}`;
  const select = h('select', { id, name }, ...options.map(([value, text]) => h('option', { value }, text)));
  return wrap(name, id, label, select, false);
}

function wrap(
  name: string,
  id: string,
  label: string,
  input: HTMLInputElement | HTMLSelectElement,
  checkbox: boolean,
): Field {
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const labelElement = h('label', { for: id }, label);
  const element = checkbox
    ? h('div', { class: 'field field-checkbox' }, input, labelElement, error)
    : h('div', { class: 'field' }, labelElement, input, error);
  return { name, input, error, element };
}

export function checked(field: Field): boolean {
  return (field.input as HTMLInputElement).checked;
}

/** Space- or comma-separated scopes as the list the API takes. */
export function scopesOf(field: Field): string[] {
  return field.input.value.split(/[\s,]+/).filter((scope) => scope !== '');
}

/**
 * Runs a form's request and shows what went wrong: field errors beside their fields (the
 * first one focused), anything else in the form's notice.
 */
export class FormErrors {
  constructor(
    private readonly fields: Field[],
    readonly notice: Notice,
  ) {}

  clear(): void {
    this.notice.clear();
    for (const field of this.fields) {
      field.error.textContent = '';
      field.error.hidden = true;
      field.input.removeAttribute('aria-invalid');
      field.input.removeAttribute('aria-describedby');
    }
  }

  /** True when `action` succeeded. */
  async run(button: HTMLButtonElement, action: () => Promise<void>): Promise<boolean> {
    this.clear();
    button.disabled = true;
    try {
      await action();
      return true;
    } catch (failure) {
      if (!(failure instanceof SessionEnded)) this.show(failure);
      return false;
    } finally {
      button.disabled = false;
    }
  }

  show(failure: unknown): void {
    const unplaced: string[] = [];
    let first: Field | undefined;
    if (failure instanceof ApiFailure) {
      for (const [name, messages] of Object.entries(failure.fieldErrors)) {
        const field = this.fields.find((candidate) => candidate.name === name);
        if (!field) {
          unplaced.push(`${name}: ${messages.join(' ')}`);
          continue;
        }
        field.error.textContent = messages.join(' ');
        field.error.hidden = false;
        field.input.setAttribute('aria-invalid', 'true');
        field.input.setAttribute('aria-describedby', field.error.id);
        first ??= field;
      }
    }
    if (first) {
      this.notice.error(
        unplaced.length
          ? `Please correct the fields marked. ${unplaced.join(' ')}`
          : 'Please correct the fields marked.',
      );
      first.input.focus();
    } else {
      this.notice.error(unplaced.length ? unplaced.join(' ') : describeFailure(failure));
    }
  }
}

/** Runs a button's request; what went wrong appears in `notice`. */
export async function act(notice: Notice, button: HTMLButtonElement, action: () => Promise<void>): Promise<void> {
  notice.clear();
  button.disabled = true;
  try {
    await action();
  } catch (failure) {
    if (!(failure instanceof SessionEnded)) notice.error(describeFailure(failure));
  } finally {
    button.disabled = false;
  }
}

export function focusHeading(id: string): void {
  document.getElementById(id)?.setAttribute('tabindex', '-1');
  document.getElementById(id)?.focus();
}
