import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { EddyError } from '../kernel';

/** Where the shipped lessons live: samples/lessons/NN-name.ts. */
export const LESSONS_DIR = path.resolve(__dirname, '..', 'samples', 'lessons');

/** One lesson file: its number (from the `NN-` prefix), its title (from its first line) and path. */
export interface Lesson {
  number: number;
  title: string;
  file: string;
}

/** The lessons in `dir`, by number; a lesson's title is its first line, `// Lesson N: title.` */
export async function listLessons(dir = LESSONS_DIR): Promise<Lesson[]> {
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => /^\d+-.*\.ts$/.test(f));
  const lessons = await Promise.all(
    names.map(async (name): Promise<Lesson> => {
      const file = path.join(dir, name);
      const first = (await fs.readFile(file, 'utf8')).split('\n', 1)[0];
      const title = /^\/\/\s*Lesson \d+:\s*(.*?)\.?\s*$/.exec(first)?.[1] ?? name.replace(/^\d+-|\.ts$/g, '').replace(/-/g, ' ');
      return { number: Number.parseInt(name, 10), title, file };
    }),
  );
  return lessons.sort((a, b) => a.number - b.number);
}

/** `:lessons`: one line per lesson, with the command that runs it. */
export function formatLessons(lessons: readonly Lesson[], root = process.cwd()): string {
  if (lessons.length === 0) return `(no lessons found in ${LESSONS_DIR})`;
  const width = Math.max(...lessons.map((l) => l.title.length)) + 2;
  return lessons.map((l) => `:lesson ${l.number}  ${l.title.padEnd(width)}${shortPath(l.file, root)}`).join('\n');
}

/** `file` relative to `root` when it is inside it, else absolute. */
export function shortPath(file: string, root = process.cwd()): string {
  const rel = path.relative(root, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** For a mistyped path such as `samples/lessons/4.ts`: the lesson its name's number points to. */
export async function lessonNamedLike(file: string, dir = LESSONS_DIR): Promise<Lesson | undefined> {
  const n = /^(\d+)/.exec(path.basename(file))?.[1];
  return n === undefined ? undefined : (await listLessons(dir)).find((l) => l.number === Number(n));
}

/** The lesson numbered `arg` (as typed after `:lesson`), or an error listing the ones there are. */
export async function findLesson(arg: string | undefined, dir = LESSONS_DIR): Promise<Lesson> {
  const lessons = await listLessons(dir);
  const numbers = lessons.map((l) => l.number).join(', ');
  if (arg === undefined) throw new EddyError('invalid-argument', ':lesson needs a lesson number.', { hint: `For example :lesson 1; there are lessons ${numbers} (:lessons lists them).` });
  const n = Number(arg);
  const lesson = Number.isInteger(n) ? lessons.find((l) => l.number === n) : undefined;
  if (lesson === undefined) throw new EddyError('invalid-argument', `There is no lesson ${arg}.`, { hint: `The lessons are ${numbers} (:lessons lists them with titles).` });
  return lesson;
}
