import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImportFieldError, parseArticleFile } from './parse-article';

const TZ = 'Europe/Moscow';

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ImportFieldError, `expected ImportFieldError, got ${String(error)}`);
    return error.field;
  }
  assert.fail('expected the file to be refused');
}

test('Markdown front matter in the static-site form becomes an article', () => {
  const [a] = parseArticleFile(
    'x.md',
    `---
title: "Lada Vesta: road test"
date: 2026-11-20T09:30:00Z
description: A standfirst.
author: Anna
categories: [Road tests, News]
tags: [lada, "family cars"]
image: /static/demo/x.svg
image_alt: A red saloon
draft: true
---
Body **text**.
`,
    TZ,
  );
  assert.ok(a);
  assert.equal(a.slug, 'lada-vesta-road-test');
  assert.equal(a.title, 'Lada Vesta: road test');
  assert.equal(a.standfirst, 'A standfirst.');
  assert.deepEqual(a.rubric, { slug: 'road-tests', name: 'Road tests' });
  assert.deepEqual(a.tags, [{ slug: 'lada', name: 'lada' }, { slug: 'family-cars', name: 'family cars' }]);
  assert.deepEqual(a.hero, { url: '/static/demo/x.svg', alt: 'A red saloon', credit: null });
  assert.equal(a.status, 'draft');
  assert.equal(a.publishedAt.toISOString(), '2026-11-20T09:30:00.000Z');
  assert.equal(a.bodyMd, 'Body **text**.');
});

test('a date without an offset is read in the site time zone', () => {
  const [a] = parseArticleFile('x.md', '---\ntitle: T\ndate: 2026-11-20T12:00:00\n---\nBody', TZ);
  assert.equal(a?.publishedAt.toISOString(), '2026-11-20T09:00:00.000Z');
  const [b] = parseArticleFile('x.md', '---\ntitle: T\ndate: 2026-11-20\n---\nBody', TZ);
  assert.equal(b?.publishedAt.toISOString(), '2026-11-19T21:00:00.000Z');
});

test('each bad file names the field that is wrong', () => {
  assert.equal(fieldOf(() => parseArticleFile('a.md', '---\ndate: 2026-01-01\n---\nx', TZ)), 'title');
  assert.equal(fieldOf(() => parseArticleFile('a.md', '---\ntitle: T\n---\nx', TZ)), 'date');
  assert.equal(fieldOf(() => parseArticleFile('a.md', '---\ntitle: T\ndate: last tuesday\n---\nx', TZ)), 'date');
  assert.equal(fieldOf(() => parseArticleFile('a.md', '---\ntitle: [unclosed\ndate: 2026-01-01\n---\nx', TZ)), 'front matter');
  assert.equal(fieldOf(() => parseArticleFile('a.md', '---\ntitle: T\ndate: 2026-01-01\nslug: Not A Slug\n---\nx', TZ)), 'slug');
  assert.equal(fieldOf(() => parseArticleFile('a.md', '---\ntitle: T\ndate: 2026-01-01\nimage: "javascript:alert(1)"\n---\nx', TZ)), 'image');
  assert.equal(fieldOf(() => parseArticleFile('a.md', '---\ntitle: T\ndate: 2026-01-01\ndraft: maybe\n---\nx', TZ)), 'draft');
});

test('JSON and JSONL take the same fields with the Markdown in body', () => {
  const one = parseArticleFile('a.json', JSON.stringify({ title: 'One', date: '2026-01-01T00:00:00Z', body: 'Text.' }), TZ);
  assert.equal(one[0]?.slug, 'one');
  const many = parseArticleFile('a.jsonl', '{"title":"A","date":"2026-01-01T00:00:00Z","body":"x"}\n\n{"title":"B","date":"2026-01-02T00:00:00Z","body":"y"}\n', TZ);
  assert.deepEqual(many.map((a) => a.slug), ['a', 'b']);
  assert.equal(fieldOf(() => parseArticleFile('a.jsonl', '{"title":"A","date":"2026-01-01","body":"x"}\n{"date":"2026-01-01","body":"x"}', TZ)), 'line 2: title');
  assert.equal(fieldOf(() => parseArticleFile('a.jsonl', '{"title":', TZ)), 'line 1: json');
});
