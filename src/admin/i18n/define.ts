/**
 * One area's admin messages in both languages. English is the reference; the type makes Russian
 * carry exactly the same keys. A text may hold `{name}` parameters, and plural forms separated
 * by `|` in CLDR order (English: one|other; Russian: one|few|many|other), chosen by `{n}`
 * (see `tn` in ./index.ts).
 */
export function adminMessages<const E extends Record<string, string>>(en: E, ru: { [K in keyof E]: string }): { en: E; ru: { [K in keyof E]: string } } {
  return { en, ru };
}
