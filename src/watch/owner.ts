import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { Engine } from '../engine/types.js';

export interface Owner {
  uid: number;
  gid: number;
}

/** The first file of a tar stream, as text. */
async function firstFile(stream: Readable): Promise<string> {
  const extract = tar.extract();
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    stream.unpipe(extract as unknown as NodeJS.WritableStream);
    stream.destroy();
    return Buffer.concat(chunks).toString('utf8');
  }
  return '';
}

async function readEtc(engine: Engine, id: string, file: string): Promise<string[][]> {
  const stream = await engine.getArchive(id, `/etc/${file}`).catch(() => undefined);
  if (!stream) return [];
  return (await firstFile(stream)).split('\n').map((line) => line.split(':'));
}

/**
 * The uid and gid a container's user has, as the engine resolves `user:` (name or number, optional group)
 * against the image's /etc/passwd and /etc/group. Read with the archive API: no program runs in the container.
 */
export async function containerOwner(engine: Engine, id: string, user: string | undefined): Promise<Owner> {
  if (!user) return { uid: 0, gid: 0 };
  const [who = '', group] = user.split(':');
  const passwd = /^\d+$/.test(who) && group !== undefined && /^\d+$/.test(group) ? [] : await readEtc(engine, id, 'passwd');
  const entry = passwd.find((fields) => fields[0] === who || fields[2] === who);
  const uid = /^\d+$/.test(who) ? Number(who) : Number(entry?.[2] ?? 0);
  if (group === undefined) return { uid, gid: Number(entry?.[3] ?? 0) };
  if (/^\d+$/.test(group)) return { uid, gid: Number(group) };
  const groups = await readEtc(engine, id, 'group');
  return { uid, gid: Number(groups.find((fields) => fields[0] === group)?.[2] ?? 0) };
}
