/**
 * Runs async tasks one at a time, in call order. A read-modify-write (the file keychain) or a
 * get-or-create (the vault's data key) must not interleave with another one.
 */
export type Serial = <T>(task: () => Promise<T>) => Promise<T>;

export function createSerial(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
