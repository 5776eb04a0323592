// "1 user", "2 users", "1,000 realms": a count with its noun in the right number (English, regular
// plurals unless told otherwise).
const number = new Intl.NumberFormat("en-US");

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${number.format(count)} ${count === 1 ? singular : pluralForm}`;
}
