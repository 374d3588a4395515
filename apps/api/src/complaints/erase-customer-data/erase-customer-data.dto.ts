import type { EraseCustomerData } from '@duban/workflow';
import { ErasureRequestDto } from '../../shared/erasure-request.dto';

/** A lawful request to erase a customer's personal data. */
export class EraseCustomerDataDto extends ErasureRequestDto {
  toCommand(): EraseCustomerData {
    return { type: 'erase-customer-data', reason: this.reason, requestReference: this.requestReference };
  }
}
