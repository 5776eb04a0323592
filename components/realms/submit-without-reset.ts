"use client";

import { startTransition, type FormEvent } from "react";

/**
 * onSubmit for a useActionState form that keeps what the admin typed: React resets a form whose
 * `action` prop ran, which would wipe every field after a validation error. Dispatching from
 * onSubmit keeps the values (and the pending state) without that reset.
 */
export function submitWithoutReset(dispatch: (form: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => dispatch(form));
  };
}
