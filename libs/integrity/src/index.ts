export * from './canonical-json';
export * from './event-hash';
export * from './stream-chain';
export * from './merkle';
export * from './checkpoint';
export * from './store-verifier';
