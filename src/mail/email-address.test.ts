import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEmailAddress, visibleEmailText, type EmailProblem } from './email-address';

// Each refused input, and why. An address that does not survive the parse unchanged is
// refused, never repaired: a repair is what once let one mailbox hold many keys.
const REFUSED: Array<[string, EmailProblem, string]> = [
  // Control characters: C0, DEL, C1 (issue 11: domainToASCII dropped them silently).
  ['dupmb@gmail.com\r\nq1.org', 'hidden_character', 'CR LF inside the domain'],
  ['dupmb@gmail.com\r\nq2.org', 'hidden_character', 'CR LF inside the domain'],
  ['dupmb@gmail.com\tq4.org', 'hidden_character', 'tab inside the domain'],
  ['dupmb@gmail.com\nq3.org', 'hidden_character', 'LF'],
  ['dupmb@gmail.com\u0000', 'hidden_character', 'NUL at the end'],
  ['dup\u0001mb@gmail.com', 'hidden_character', 'C0 in the local part'],
  ['dupmb@gm\u007fail.com', 'hidden_character', 'DEL'],
  ['dupmb@gm\u0085ail.com', 'hidden_character', 'C1 NEL'],
  ['dupmb@gm\u009bail.com', 'hidden_character', 'C1 CSI'],
  ['x@mailinator.com\r\n.org', 'hidden_character', 'disposable domain behind CR LF'],
  // Whitespace inside.
  ['iv an@mail.ru', 'hidden_character', 'space in the local part'],
  ['ivan@mail .ru', 'hidden_character', 'space in the domain'],
  ['ivan@mail\u00a0.ru', 'hidden_character', 'no-break space'],
  ['ivan@mail\u3000.ru', 'hidden_character', 'ideographic space'],
  ['ivan@mail\u2028.ru', 'hidden_character', 'line separator'],
  ['Ivan <ivan@mail.ru>', 'hidden_character', 'display name'],
  ['"iv an"@mail.ru', 'hidden_character', 'quoted local part with a space'],
  // Invisible and formatting characters (Unicode Cf and default ignorables).
  ['ivan@gmail\u200b.com', 'hidden_character', 'zero-width space'],
  ['ivan@gmail\u200c.com', 'hidden_character', 'zero-width non-joiner'],
  ['ivan@gmail\u200d.com', 'hidden_character', 'zero-width joiner'],
  ['x@mailinator\u200d.com', 'hidden_character', 'disposable domain split by a joiner'],
  ['ivan@gmail\u00ad.com', 'hidden_character', 'soft hyphen'],
  ['ivan@gmail.com\u200e', 'hidden_character', 'left-to-right mark'],
  ['\u202eivan@gmail.com', 'hidden_character', 'right-to-left override'],
  ['iv\u2066an@gmail.com', 'hidden_character', 'bidi isolate'],
  ['\ufeffivan@gmail.com', 'hidden_character', 'BOM (not trimmed: it is not whitespace)'],
  ['ivan@gmail\u2060.com', 'hidden_character', 'word joiner'],
  ['ivan@gmail\u034f.com', 'hidden_character', 'combining grapheme joiner'],
  ['ivan@gmail\ufe0f.com', 'hidden_character', 'variation selector'],
  ['ivan@gmail\u3164.com', 'hidden_character', 'Hangul filler'],
  ['ivan@gmail\ue000.com', 'hidden_character', 'private use'],
  ['ivan@gmail\ud800.com', 'hidden_character', 'lone surrogate'],
  ['ivan@gmail\u{e0041}.com', 'hidden_character', 'tag character'],
  // Encoded words, quoting, comments, display names.
  ['=?utf-8?q?a?=@example.com', 'malformed', 'RFC 2047 encoded word as the local part'],
  ['=?utf-8?b?YQ==?=@example.com', 'malformed', 'base64 encoded word'],
  ['a@=?utf-8?q?example?=.com', 'malformed', 'encoded word in the domain'],
  ['"ivan"@mail.ru', 'malformed', 'quoted local part'],
  ['ivan(comment)@mail.ru', 'malformed', 'comment in the local part'],
  ['ivan@(comment)mail.ru', 'malformed', 'comment in the domain'],
  ['Ivan<ivan@mail.ru>', 'malformed', 'display name without a space'],
  ['<ivan@mail.ru>', 'malformed', 'angle brackets'],
  // Domains.
  ['ivan@[1.2.3.4]', 'malformed', 'IP literal'],
  ['ivan@[IPv6:::1]', 'malformed', 'IPv6 literal'],
  ['ivan@1.2.3.4', 'malformed', 'bare IP address'],
  ['ivan@0x7f.1', 'malformed', 'numeric host the URL parser would rewrite'],
  ['ivan@mail.ru.', 'malformed', 'trailing dot'],
  ['ivan@.mail.ru', 'malformed', 'leading dot'],
  ['ivan@mail..ru', 'malformed', 'consecutive dots in the domain'],
  ['ivan..p@mail.ru', 'malformed', 'consecutive dots in the local part'],
  ['.ivan@mail.ru', 'malformed', 'leading dot in the local part'],
  ['ivan.@mail.ru', 'malformed', 'trailing dot in the local part'],
  ['ivan@localhost', 'malformed', 'dotless domain'],
  ['ivan@mail.r', 'malformed', 'one-letter top-level domain'],
  ['ivan@mail.r2', 'malformed', 'digit in the top-level domain'],
  ['ivan@-mail.ru', 'malformed', 'label starting with a hyphen'],
  ['ivan@mail-.ru', 'malformed', 'label ending with a hyphen'],
  ['ivan@ma_il.ru', 'malformed', 'underscore in the domain'],
  ['ivan@ma%il.ru', 'malformed', 'percent in the domain'],
  [`ivan@${'a'.repeat(64)}.ru`, 'malformed', 'label longer than 63'],
  [`ivan@${'abcdefghi.'.repeat(25)}ru`, 'malformed', 'domain longer than 253'],
  ['ivan@xn--a.com', 'malformed', 'invalid punycode'],
  // "@" and the local part.
  ['a@b@c.ru', 'malformed', 'two @'],
  ['ivan', 'malformed', 'no @'],
  ['@mail.ru', 'malformed', 'empty local part'],
  ['ivan@', 'malformed', 'empty domain'],
  ['ivan\uff20mail.ru', 'malformed', 'fullwidth @ instead of @'],
  ['iv\uff20an@mail.ru', 'malformed', 'fullwidth @ in the local part (not a letter: no EAI hint)'],
  [`${'a'.repeat(65)}@mail.ru`, 'malformed', 'local part longer than 64'],
  [`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.ru`, 'malformed', 'address longer than 254'],
  ['иван@почта.рф', 'non_ascii_local', 'Cyrillic local part (EAI)'],
  ['josé@example.com', 'non_ascii_local', 'accented local part (EAI)'],
  // Unicode domains that domainToASCII → domainToUnicode would not give back unchanged.
  ['ivan@\uff45xample.com', 'malformed', 'fullwidth letter'],
  ['ivan@ＥＸＡＭＰＬＥ.com', 'malformed', 'fullwidth domain'],
  ['ivan@example\u3002com', 'malformed', 'ideographic full stop'],
  ['ivan@\ufb01le.com', 'malformed', 'ligature fi'],
  ['ivan@\u01c5.com', 'malformed', 'titlecase digraph'],
  ['ivan@\u2163.com', 'malformed', 'Roman numeral four'],
  ['ivan@\u0301a.com', 'malformed', 'label starting with a combining mark'],
];

test('refused inputs, each for its reason', () => {
  for (const [input, problem, why] of REFUSED) {
    const parsed = parseEmailAddress(input);
    assert.deepEqual(parsed, { ok: false, problem }, `${why}: ${JSON.stringify(input)}`);
  }
});

// [typed, stored/mailed address, shown address]
const ACCEPTED: Array<[string, string, string]> = [
  ['ivan@mail.ru', 'ivan@mail.ru', 'ivan@mail.ru'],
  ['  ivan@mail.ru \r\n', 'ivan@mail.ru', 'ivan@mail.ru'],
  ['\u3000ivan@mail.ru\u00a0', 'ivan@mail.ru', 'ivan@mail.ru'],
  ['Ivan.Petrov@Example.COM', 'Ivan.Petrov@example.com', 'Ivan.Petrov@example.com'],
  ['anna+vote@gmail.com', 'anna+vote@gmail.com', 'anna+vote@gmail.com'],
  ['a.b-c_d+e@news.mail.example.co.uk', 'a.b-c_d+e@news.mail.example.co.uk', 'a.b-c_d+e@news.mail.example.co.uk'],
  ["o'brien@example.ie", "o'brien@example.ie", "o'brien@example.ie"],
  ['x@ab--cd.com', 'x@ab--cd.com', 'x@ab--cd.com'],
  ['x@123.example.com', 'x@123.example.com', 'x@123.example.com'],
  ['user@пример.рф', 'user@xn--e1afmkfd.xn--p1ai', 'user@пример.рф'],
  ['user@Пример.РФ', 'user@xn--e1afmkfd.xn--p1ai', 'user@пример.рф'],
  ['user@xn--e1afmkfd.xn--p1ai', 'user@xn--e1afmkfd.xn--p1ai', 'user@пример.рф'],
  ['user@XN--E1AFMKFD.XN--P1AI', 'user@xn--e1afmkfd.xn--p1ai', 'user@пример.рф'],
  ['ivan@почта.рф', 'ivan@xn--80a1acny.xn--p1ai', 'ivan@почта.рф'],
  ['hans@faß.de', 'hans@xn--fa-hia.de', 'hans@faß.de'],
  ['jose@cafe\u0301.fr', 'jose@xn--caf-dma.fr', 'jose@caf\u00e9.fr'],
  ['li@例え.jp', 'li@xn--r8jz45g.jp', 'li@例え.jp'],
  [`${'a'.repeat(64)}@mail.ru`, `${'a'.repeat(64)}@mail.ru`, `${'a'.repeat(64)}@mail.ru`],
];

test('accepted inputs: the stored (ASCII) and shown (Unicode, NFC) forms', () => {
  for (const [input, address, shown] of ACCEPTED) {
    const parsed = parseEmailAddress(input);
    assert.ok(parsed.ok, `${JSON.stringify(input)} was refused: ${JSON.stringify(parsed)}`);
    assert.equal(parsed.address, address, JSON.stringify(input));
    assert.equal(parsed.shown, shown, JSON.stringify(input));
    assert.equal(parsed.shown.normalize('NFC'), parsed.shown);
    assert.equal(`${parsed.local}@${parsed.domain}`, parsed.address);
    assert.match(parsed.address, /^[\x21-\x7e]+$/, 'the mailed form is printable ASCII');
    // The parse is a fixed point: what it gives back parses to itself.
    const again = parseEmailAddress(parsed.address);
    assert.ok(again.ok && again.address === parsed.address && again.shown === parsed.shown);
  }
});

test('a refused address is echoed with its hidden characters made visible', () => {
  assert.equal(visibleEmailText('dupmb@gmail.com\r\nq1.org'), 'dupmb@gmail.com[U+000D][U+000A]q1.org');
  assert.equal(visibleEmailText(' a@gmail\u200b.com\t'), 'a@gmail[U+200B].com');
  assert.equal(visibleEmailText('Ivan <a@b.ru>'), 'Ivan <a@b.ru>');
  assert.equal([...visibleEmailText('a'.repeat(500))].length, 81);
});
