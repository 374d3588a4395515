export { DomainError } from './domain-error';
