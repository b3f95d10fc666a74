// A process that holds the virtual cards (one per reader) and takes orders over a Unix socket,
// so the CLI, tests and benchmarks in other processes can insert and remove cards.
// Run: tsx sandbox/card/daemon.ts --socket <path> [--resolver <module exporting resolveProfile>]

import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { cardSetFromJson, type CardSet } from './card-set.js';
import {
  CONTROL_READERS,
  type CardInfo,
  type ControlEnvelope,
  type ControlRequest,
  type ControlResponse,
} from './control-protocol.js';
import { hexFromBytes } from './tlv.js';
import { VirtualCard, type ReaderIndex } from './virtual-card.js';

export type ProfileResolver = (profile: string) => CardSet | Promise<CardSet>;

export interface CardDaemonOptions {
  socketPath: string;
  resolveProfile?: ProfileResolver;
}

export interface CardDaemon {
  readonly socketPath: string;
  /** The cards by reader, for in-process callers. */
  card(reader: ReaderIndex): VirtualCard | undefined;
  close(): Promise<void>;
}

interface Slot {
  card: VirtualCard;
  profile: string | undefined;
  chuidGuid: string;
  label: string;
}

export async function startCardDaemon(options: CardDaemonOptions): Promise<CardDaemon> {
  const slots = new Map<ReaderIndex, Slot>();
  const sockets = new Set<net.Socket>();
  let closing: Promise<void> | undefined;

  const info = (reader: ReaderIndex): CardInfo => {
    const slot = slots.get(reader);
    if (!slot) throw new Error(`geen kaart in lezer ${reader} / no card in reader ${reader}`);
    return {
      reader,
      state: slot.card.state,
      atr: hexFromBytes(slot.card.atr, ' '),
      profile: slot.profile,
      label: slot.label,
      chuidGuid: slot.chuidGuid,
      pin: slot.card.pinStatus,
      stats: slot.card.stats,
    };
  };

  const handle = async (request: ControlRequest): Promise<unknown> => {
    switch (request.cmd) {
      case 'insert': {
        checkReader(request.reader);
        if (slots.has(request.reader)) {
          throw new Error(
            `lezer ${request.reader} heeft al een kaart / reader ${request.reader} already has a card`,
          );
        }
        const set = await resolveCardSet(request, options.resolveProfile);
        const card = new VirtualCard(set, request.atr ? { atr: request.atr } : {});
        const label = commonName(set);
        slots.set(request.reader, { card, profile: request.profile, chuidGuid: set.chuidGuid, label });
        // Do not wait for vpcd: inserting before pcscd runs is legal, the card connects when it can.
        void card.insert(request.reader).catch(() => undefined);
        return info(request.reader);
      }
      case 'remove':
      case 'removeAbruptly': {
        const slot = slots.get(request.reader);
        if (slot) {
          await (request.cmd === 'remove'
            ? slot.card.remove()
            : slot.card.removeAbruptly(request.onIns === undefined ? {} : { onIns: request.onIns }));
          slots.delete(request.reader);
        }
        return { reader: request.reader, state: 'removed' };
      }
      case 'list':
        return CONTROL_READERS.filter((reader) => slots.has(reader)).map(info);
      case 'stats':
        return info(request.reader);
      case 'resetStats':
        slots.get(request.reader)?.card.resetStats();
        return info(request.reader);
      case 'setPinTries':
        slots.get(request.reader)?.card.setPinTries({
          ...(request.pin !== undefined ? { pin: request.pin } : {}),
          ...(request.puk !== undefined ? { puk: request.puk } : {}),
        });
        return info(request.reader);
      case 'trace':
        return slots.get(request.reader)?.card.recentApdus ?? [];
      case 'shutdown':
        setImmediate(() => void close());
        return { ok: true };
      default:
        throw new Error(`onbekende opdracht / unknown command ${(request as { cmd: string }).cmd}`);
    }
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.trim()) void answer(socket, line);
      }
    });
  });

  const answer = async (socket: net.Socket, line: string): Promise<void> => {
    let id = 0;
    let response: ControlResponse;
    try {
      const request = JSON.parse(line) as ControlEnvelope;
      id = request.id;
      response = { id, ok: true, result: await handle(request) };
    } catch (error) {
      response = { id, ok: false, error: (error as Error).message };
    }
    if (!socket.destroyed) socket.write(`${JSON.stringify(response)}\n`);
  };

  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await Promise.all([...slots.values()].map((slot) => slot.card.remove()));
      slots.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(options.socketPath, { force: true });
    })());

  mkdirSync(path.dirname(options.socketPath), { recursive: true });
  if (existsSync(options.socketPath)) {
    if (await socketAccepts(options.socketPath)) {
      throw new Error(`kaartdaemon draait al op ${options.socketPath} / card daemon already running there`);
    }
    rmSync(options.socketPath, { force: true });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.socketPath, () => resolve());
  });

  return {
    socketPath: options.socketPath,
    card: (reader) => slots.get(reader)?.card,
    close,
  };
}

async function resolveCardSet(
  request: Extract<ControlRequest, { cmd: 'insert' }>,
  resolveProfile: ProfileResolver | undefined,
): Promise<CardSet> {
  if (request.cardSet) return cardSetFromJson(request.cardSet);
  if (request.profile === undefined) throw new Error('insert needs cardSet or profile');
  if (!resolveProfile) throw new Error(`no profile resolver configured for profile '${request.profile}'`);
  return resolveProfile(request.profile);
}

function checkReader(reader: unknown): asserts reader is ReaderIndex {
  if (!CONTROL_READERS.includes(reader as ReaderIndex))
    throw new Error(`reader must be 0 or 1, got ${String(reader)}`);
}

function commonName(set: CardSet): string {
  const { subject } = new X509Certificate(set.authentication.certificateDer);
  return (
    subject
      .split('\n')
      .find((line) => line.startsWith('CN='))
      ?.slice(3) ?? ''
  );
}

function socketAccepts(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { socket: { type: 'string' }, resolver: { type: 'string' } } });
  if (!values.socket) throw new Error('usage: daemon.ts --socket <path> [--resolver <module>]');
  let resolveProfile: ProfileResolver | undefined;
  if (values.resolver) {
    const module = (await import(pathToFileURL(path.resolve(values.resolver)).href)) as {
      resolveProfile?: ProfileResolver;
    };
    if (typeof module.resolveProfile !== 'function')
      throw new Error(`${values.resolver} exports no resolveProfile`);
    resolveProfile = module.resolveProfile;
  }
  const daemon = await startCardDaemon({
    socketPath: values.socket,
    ...(resolveProfile ? { resolveProfile } : {}),
  });
  process.stderr.write(`kaartdaemon luistert op / card daemon listening on ${daemon.socketPath}\n`);
  const stop = (): void => void daemon.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
