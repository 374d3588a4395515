export { DomainError } from './domain-error';
export { decodeEventData, MalformedEventError, type FieldKind } from './event-data';
