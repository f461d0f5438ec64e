import { describe, expect, it } from 'vitest';
import { groupParams, parseBody, publicHeaders, secretMatches } from '../../../server/triggers/webhook-request';

const buf = (s: string) => Buffer.from(s, 'utf8');

describe('webhook body parsing', () => {
  it('reads JSON by its content type, also with a charset or a +json type', () => {
    expect(parseBody(buf('{"a":1,"b":[true]}'), 'application/json')).toEqual({ ok: true, body: { a: 1, b: [true] } });
    expect(parseBody(buf('[1,2]'), 'application/json; charset=utf-8')).toEqual({ ok: true, body: [1, 2] });
    expect(parseBody(buf('{"x":"y"}'), 'application/vnd.api+json')).toEqual({ ok: true, body: { x: 'y' } });
  });

  it('says plainly when JSON is broken', () => {
    const result = parseBody(buf('{"a":'), 'application/json');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^The body is not valid JSON: /);
  });

  it('reads form fields into an object, repeated names into lists', () => {
    expect(parseBody(buf('name=Ada+L&tag=a&tag=b&empty='), 'application/x-www-form-urlencoded')).toEqual({
      ok: true,
      body: { name: 'Ada L', tag: ['a', 'b'], empty: '' },
    });
  });

  it('keeps text and XML as text, and a body without content type as text', () => {
    expect(parseBody(buf('hello'), 'text/plain')).toEqual({ ok: true, body: 'hello' });
    expect(parseBody(buf('<a/>'), 'application/xml')).toEqual({ ok: true, body: '<a/>' });
    expect(parseBody(buf('raw'), undefined)).toEqual({ ok: true, body: 'raw' });
  });

  it('gives other content (files, images) as base64 with its type', () => {
    expect(parseBody(Buffer.from([0, 1, 255]), 'image/png')).toEqual({ ok: true, body: { contentType: 'image/png', base64: 'AAH/' } });
  });

  it('gives null for an empty body, whatever the type says', () => {
    expect(parseBody(Buffer.alloc(0), 'application/json')).toEqual({ ok: true, body: null });
  });
});

describe('webhook query and headers', () => {
  it('turns the query into an object', () => {
    expect(groupParams(new URLSearchParams('a=1&b=x&a=2'))).toEqual({ a: ['1', '2'], b: 'x' });
  });

  it('leaves out cookies, authorization and the secret header', () => {
    const headers = {
      'content-type': 'text/plain',
      cookie: 'sid=1',
      authorization: 'Bearer t',
      'x-secret': 's',
      'x-forwarded-for': ['a', 'b'],
    };
    expect(publicHeaders(headers, 'x-secret')).toEqual({ 'content-type': 'text/plain', 'x-forwarded-for': 'a, b' });
  });

  it('accepts only the exact secret', () => {
    expect(secretMatches('s3cret', 's3cret')).toBe(true);
    expect(secretMatches('s3cre', 's3cret')).toBe(false);
    expect(secretMatches('S3CRET', 's3cret')).toBe(false);
    expect(secretMatches(undefined, 's3cret')).toBe(false);
    expect(secretMatches(['s3cret', 's3cret'], 's3cret')).toBe(false);
  });
});
