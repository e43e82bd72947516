/**
 * loadConfig exits the process on a bad environment, so it runs in a child process here: the exit
 * code and the list on stderr are what an operator fixing a deployment sees.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const CONFIG_URL = pathToFileURL(fileURLToPath(new URL('./config.ts', import.meta.url))).href;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs loadConfig() in a fresh node with exactly `env` (plus PATH), and prints the config it returns. */
function runLoadConfig(env: Record<string, string>): Promise<Run> {
  const script = `const { loadConfig } = await import(${JSON.stringify(CONFIG_URL)}); console.log(JSON.stringify(loadConfig()));`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

describe('loadConfig', () => {
  it('lists every problem at once and exits with code 1', async () => {
    const run = await runLoadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'notaurl' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/3 problem/);
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) expect(run.stderr).toMatch(new RegExp(`^\\s+- ${name}: `, 'm'));
  });

  it('names further bad variables in the same list', async () => {
    const run = await runLoadConfig({ PORT: '70000', COOKIE_SECURE: 'maybe', LOCAL_HOLIDAYS: '11-11,25/12', DEFAULT_PHONE_REGION: 'GRC' });
    expect(run.code).toBe(1);
    for (const name of ['PORT', 'COOKIE_SECURE', 'LOCAL_HOLIDAYS', 'DEFAULT_PHONE_REGION']) expect(run.stderr).toContain(`- ${name}`);
  });

  it('starts with an empty environment, on defaults', async () => {
    const run = await runLoadConfig({});
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ NODE_ENV: 'development', PORT: 3000, LOG_LEVEL: 'info', DATA_DIR: './data', cookieSecure: false });
  });

  it('parses the values it accepts', () => {
    const c = loadConfig({ NODE_ENV: 'production', PORT: '8080', DATABASE_URL: 'postgres://u@db:5432/dimotis', LOCAL_HOLIDAYS: ' 11-11, 2026-06-15 ,', TRUST_PROXY: 'yes' });
    expect(c).toMatchObject({ PORT: 8080, DATABASE_URL: 'postgres://u@db:5432/dimotis', LOCAL_HOLIDAYS: ['11-11', '2026-06-15'], TRUST_PROXY: true, cookieSecure: true });
    expect(loadConfig({ NODE_ENV: 'production', COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
  });
});
