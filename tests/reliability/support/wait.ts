/** A pause between the steps of a chaos schedule (never a proof that something did not happen). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
