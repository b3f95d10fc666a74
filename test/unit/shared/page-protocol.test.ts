// The page ↔ content script contract (shared/protocol/page.ts): one map gives the command list,
// the argument validators, the page API's parameters and timeouts; the page API reads only messages
// that fit the contract.
import { describe, expect, it } from 'vitest';
import { HOST_COMMANDS } from '../../../shared/protocol/host.js';
import {
  PAGE_COMMANDS,
  PAGE_COMMAND_RULES,
  PAGE_TIMEOUTS,
  isPageCommand,
  pageRequestArguments,
  parseExtensionToPage,
} from '../../../shared/protocol/page.js';
import { WORKER_TIMEOUTS } from '../../../extension/background/config.js';

const HASH = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';

describe('page command map', () => {
  it('lists every command once, each with a host command of its name', () => {
    expect(new Set(PAGE_COMMANDS).size).toBe(PAGE_COMMANDS.length);
    expect(PAGE_COMMANDS).toEqual(
      expect.arrayContaining(['status', 'readCard', 'pinStatus', 'authenticate', 'sign']),
    );
    for (const command of PAGE_COMMANDS) expect(HOST_COMMANDS).toContain(command);
    expect(isPageCommand('sign')).toBe(true);
    expect(isPageCommand('configure')).toBe(false);
    expect(isPageCommand('toString')).toBe(false);
  });

  it('builds a request from the method parameters, with defaults, that its own validator accepts', () => {
    expect(pageRequestArguments('sign', [HASH])).toEqual({ hash: HASH, hashAlgorithm: 'SHA-256' });
    expect(pageRequestArguments('sign', [HASH, 'SHA-512'])).toEqual({ hash: HASH, hashAlgorithm: 'SHA-512' });
    expect(pageRequestArguments('status', [])).toEqual({});
    const request = pageRequestArguments('authenticate', ['c'.repeat(32)]);
    expect(PAGE_COMMAND_RULES.authenticate.arguments(request, 'arguments')).toEqual(request);
  });

  it('refuses bad arguments with the same rules the host uses', () => {
    expect(() => PAGE_COMMAND_RULES.sign.arguments({ hash: 'kort', hashAlgorithm: 'SHA-256' }, 'a')).toThrow(
      /a\.hash/,
    );
    expect(() => PAGE_COMMAND_RULES.sign.arguments({ hash: HASH, hashAlgorithm: 'MD5' }, 'a')).toThrow();
    expect(() => PAGE_COMMAND_RULES.status.arguments({ pin: '123456' }, 'a')).toThrow(/no such field/);
  });

  it('declares the status timeout once: the worker uses the page deadline', () => {
    expect(WORKER_TIMEOUTS.statusTimeoutMs).toBe(PAGE_TIMEOUTS.statusMs);
    expect(PAGE_COMMAND_RULES.status.timeout).toBe('statusMs');
    expect(PAGE_COMMAND_RULES.authenticate.timeout).toBe('userOperationMs');
  });
});

describe('what the page API accepts from the content script', () => {
  it('known messages with their fields', () => {
    expect(parseExtensionToPage({ type: 'zorgid-companion:ack', id: 'p-1' })).toEqual({
      type: 'zorgid-companion:ack',
      id: 'p-1',
    });
    expect(
      parseExtensionToPage({
        type: 'zorgid-companion:response',
        id: 'p-2',
        error: { code: 'NO_CARD', message: 'x', details: { reader: 'r' } },
      }),
    ).toEqual({
      type: 'zorgid-companion:response',
      id: 'p-2',
      error: { code: 'NO_CARD', message: 'x', details: { reader: 'r' } },
    });
    expect(
      parseExtensionToPage({
        type: 'zorgid-companion:event',
        event: { type: 'event', event: 'card-removed' },
      }),
    ).toMatchObject({ event: { event: 'card-removed' } });
  });

  it('nothing else: foreign types, missing ids, bad errors, unknown events', () => {
    for (const bad of [
      null,
      'zorgid-companion:ack',
      { type: 'other' },
      { type: 'zorgid-companion:ack' },
      { type: 'zorgid-companion:pong', id: 'p', version: '1' },
      { type: 'zorgid-companion:response', id: 'p', error: 'NO_CARD' },
      { type: 'zorgid-companion:response', id: 7, result: {} },
      { type: 'zorgid-companion:event', event: { type: 'event', event: 'card-eaten' } },
      { type: 'zorgid-companion:ready' },
    ]) {
      expect(parseExtensionToPage(bad)).toBeUndefined();
    }
  });
});
