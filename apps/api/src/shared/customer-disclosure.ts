import { Inject, Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@duban/event-store';
import { CUSTOMER_KEY_STORE, discloseCustomer, type CustomerKeyStore, type DisclosedCustomer, type StoredCustomer } from '@duban/personal-data';
import { type AggregateKind, streamName } from '@duban/workflow';

/**
 * Who looks at a case, with the case's whole history: an erasure recorded after the moment shown
 * still hides the customer, also in views of the past and in a legacy (plain) record.
 */
export type CaseViewer = {
  readonly role: string;
  readonly history: readonly RecordedEvent[];
  /** The viewer's unit, where the view names an employee (EmployeeDisclosure); without it the name is masked for all but auditors. */
  readonly unitId?: string;
};

type WithCustomer = { customer: StoredCustomer | DisclosedCustomer };

/**
 * The one place personal data leaves its seal: views, history entries and audit packs show the
 * customer as disclosureFor(role) allows (see @duban/personal-data), or the erased marker.
 */
@Injectable()
export class CustomerDisclosure {
  constructor(@Inject(CUSTOMER_KEY_STORE) private readonly keys: CustomerKeyStore) {}

  /** A complaint view with its customer disclosed; views of other kinds pass unchanged. */
  async inView<TView>(kind: AggregateKind, id: string, view: TView, viewer: CaseViewer): Promise<TView> {
    if (kind !== 'complaint') return view;
    const stored = (view as WithCustomer).customer as StoredCustomer;
    return { ...view, customer: await this.disclose(stored, id, viewer) };
  }

  /** The data of a stream's events as shown in its history: a registration's customer disclosed. */
  async inEventData(kind: AggregateKind, id: string, event: RecordedEvent, viewer: CaseViewer): Promise<Record<string, unknown>> {
    if (kind !== 'complaint' || event.type !== 'ComplaintRegistered') return event.data;
    return { ...event.data, customer: await this.disclose(event.data.customer as StoredCustomer, id, viewer) };
  }

  private disclose(stored: StoredCustomer, id: string, viewer: CaseViewer): Promise<DisclosedCustomer> {
    const erased = viewer.history.some((event) => event.type === 'CustomerDataErased');
    return discloseCustomer(stored, { role: viewer.role, erased, boundTo: streamName('complaint', id), keys: this.keys });
  }
}
