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

type WithCustomer = { customer: StoredCustomer | DisclosedCustomer; responsibilityDecisions?: Record<string, unknown>[] };

/** 被投诉员工: only these roles see who the employee complained about is (issue 18); others see that one was named. */
const EMPLOYEE_VIEWERS: readonly string[] = ['unit_head', 'supervisor', 'auditor'];

/** A responsibility decision as `role` may see it. */
function decisionFor<T extends Record<string, unknown>>(decision: T, role: string): T & { complainedStaffMasked: boolean } {
  if (EMPLOYEE_VIEWERS.includes(role) || decision.complainedStaffId === null || decision.complainedStaffId === undefined) return { ...decision, complainedStaffMasked: false };
  return { ...decision, complainedStaffId: null, complainedStaffMasked: true };
}

/**
 * The one place personal data leaves its seal: views, history entries and audit packs show the
 * customer as disclosureFor(role) allows (see @duban/personal-data), or the erased marker, and the
 * employee complained about only to EMPLOYEE_VIEWERS.
 */
@Injectable()
export class CustomerDisclosure {
  private readonly disclosed = new WeakMap<CaseViewer, WeakMap<StoredCustomer, Promise<DisclosedCustomer>>>();

  constructor(@Inject(CUSTOMER_KEY_STORE) private readonly keys: CustomerKeyStore) {}

  /** A complaint view with its customer disclosed; views of other kinds pass unchanged. */
  async inView<TView>(kind: AggregateKind, id: string, view: TView, viewer: CaseViewer): Promise<TView> {
    if (kind !== 'complaint') return view;
    const { customer, responsibilityDecisions = [] } = view as WithCustomer;
    return {
      ...view,
      customer: await this.disclose(customer as StoredCustomer, id, viewer),
      responsibilityDecisions: responsibilityDecisions.map((decision) => decisionFor(decision, viewer.role)),
    };
  }

  /** The data of a stream's events as shown in its history: a registration's customer disclosed. */
  async inEventData(kind: AggregateKind, id: string, event: RecordedEvent, viewer: CaseViewer): Promise<Record<string, unknown>> {
    if (kind === 'complaint' && event.type === 'ComplaintResponsibilityDecided') return decisionFor(event.data, viewer.role);
    if (kind !== 'complaint' || event.type !== 'ComplaintRegistered') return event.data;
    return { ...event.data, customer: await this.disclose(event.data.customer as StoredCustomer, id, viewer) };
  }

  /** Once per viewer and stored customer: an audit pack shows the same customer in every revision's view and in the registration. */
  private disclose(stored: StoredCustomer, id: string, viewer: CaseViewer): Promise<DisclosedCustomer> {
    let known = this.disclosed.get(viewer);
    if (known === undefined) this.disclosed.set(viewer, (known = new WeakMap()));
    let disclosed = known.get(stored);
    if (disclosed === undefined) {
      const erased = viewer.history.some((event) => event.type === 'CustomerDataErased');
      known.set(stored, (disclosed = discloseCustomer(stored, { role: viewer.role, erased, boundTo: streamName('complaint', id), keys: this.keys })));
    }
    return disclosed;
  }
}
