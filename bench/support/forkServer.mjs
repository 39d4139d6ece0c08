/**
 * A benchmark's server in a process of its own: `forkServer` starts the
 * script, resolves once it reports it is ready (its first message), and
 * `request` sends it numbered requests whose answers come back by id.
 */
import { fork } from 'node:child_process';

/**
 * @param {URL} script @param {string[]} args @param {string} name for errors
 * @returns {Promise<{ ready: any, request(type: string, payload: object, answer: string): Promise<any>, stop(): void }>}
 */
export function forkServer(script, args, name) {
  const child = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let requests = 0;
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${name} exited (${code}) before it was ready`)));
    child.once('message', (ready) => {
      child.removeAllListeners('exit');
      resolve({
        ready,
        request: (type, payload, answer) => {
          const id = ++requests;
          const done = new Promise((res) => child.on('message', (m) => m?.type === answer && m.id === id && res(m)));
          child.send({ type, id, ...payload });
          return done;
        },
        stop: () => child.disconnect(),
      });
    });
  });
}
