import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface SchemaFile {
  path: string;
  content: string;
}

/**
 * The Prisma schema as the engine wants it: one file, or every `.prisma`
 * file of a folder (the project keeps one file per subject).
 */
export async function readSchemaFiles(schemaPath: string): Promise<SchemaFile[]> {
  const stat = await fs.stat(schemaPath);
  const paths = stat.isDirectory()
    ? (await fs.readdir(schemaPath))
        .filter((name) => name.endsWith('.prisma'))
        .sort()
        .map((name) => path.join(schemaPath, name))
    : [schemaPath];
  return Promise.all(paths.map(async (p) => ({ path: p, content: await fs.readFile(p, 'utf8') })));
}
