import { readAllPages, readStreamOrEmpty, type EventStore } from '@duban/event-store';
import { INTEGRITY_CHECKPOINT_STREAM, StoreVerifier, type StoreReport } from '@duban/integrity';

export interface VerificationProgress {
  /** Events verified so far. */
  checked: number;
  /** Global position of the last one. */
  position: bigint;
  /** The store's newest position when verification started. */
  headPosition: bigint;
}

/** Verifies every stream chain, the checkpoint chain and every anchored head in one pass over the log; see StoreVerifier. */
export async function verifyStore(store: EventStore, onProgress?: (progress: VerificationProgress) => void): Promise<StoreReport> {
  const headPosition = await store.headPosition();
  const verifier = new StoreVerifier(await readStreamOrEmpty(store, INTEGRITY_CHECKPOINT_STREAM));
  let checked = 0;
  for await (const page of readAllPages(store)) {
    for (const event of page) verifier.accept(event);
    checked += page.length;
    onProgress?.({ checked, position: page[page.length - 1].position, headPosition });
  }
  return verifier.finish();
}
