import { Server, ServerCredentials, type Metadata, type ServerDuplexStream, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { AllStreamPosition, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';

/** One call that reached the fake, with the gRPC metadata the client sent (e.g. requires-leader). */
export interface WireCall {
  method: 'read' | 'batchAppend';
  stream: string;
  metadata: Record<string, string>;
}

/** Streams whose appends the fake accepts; every other append is refused as a wrong expected version. */
export type AcceptsAppend = (stream: string) => boolean;

/**
 * A FAKE of EventStoreDB's gRPC Streams service, built from the client's own generated
 * definitions, for what only the wire shows: the metadata the client sends, the deadline it
 * gives (or does not give) a read, and how it decodes a refusal. It answers every read with
 * "stream not found" (or never, when wedged), accepts appends to streams `accepts` names and
 * refuses the others with WrongExpectedVersion (current revision 5). It is not a server and
 * says nothing about how a real EventStoreDB behaves.
 */
export class FakeStreamsGrpcServer {
  readonly calls: WireCall[] = [];
  /** Reads are taken and never answered (a wedged server). */
  wedgeReads = false;
  private readonly server = new Server();
  private port = 0;
  private readonly openReads = new Set<ServerWritableStream<ReadReq, ReadResp>>();

  constructor(private readonly accepts: AcceptsAppend) {
    this.server.addService(ServerFeaturesService, {
      getSupportedMethods: (_call: ServerUnaryCall<unknown, SupportedMethods>, done: sendUnaryData<SupportedMethods>) => done(null, supportedMethods()),
    });
    this.server.addService(StreamsService, {
      read: (call: ServerWritableStream<ReadReq, ReadResp>) => this.read(call),
      batchAppend: (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.batchAppend(call),
    });
  }

  /** `esdb://` connection string of the listening fake. */
  async start(options = ''): Promise<string> {
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    return `esdb://127.0.0.1:${this.port}?tls=false${options}`;
  }

  async stop(): Promise<void> {
    for (const read of this.openReads) read.destroy();
    this.server.forceShutdown();
  }

  private read(call: ServerWritableStream<ReadReq, ReadResp>): void {
    const stream = Buffer.from(call.request.getOptions()?.getStream()?.getStreamIdentifier()?.getStreamName() ?? '').toString('utf8');
    this.calls.push({ method: 'read', stream, metadata: flat(call.metadata) });
    if (this.wedgeReads) {
      this.openReads.add(call);
      call.on('cancelled', () => this.openReads.delete(call));
      return;
    }
    const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(call.request.getOptions()?.getStream()?.getStreamIdentifier());
    call.write(new ReadResp().setStreamNotFound(notFound));
    call.end();
  }

  private batchAppend(call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const streams = new Map<string, string>();
    call.on('data', (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId();
      const key = correlation?.getString() ?? JSON.stringify(correlation?.toObject());
      const identifier = request.getOptions()?.getStreamIdentifier();
      if (identifier) streams.set(key, Buffer.from(identifier.getStreamName()).toString('utf8'));
      if (!request.getIsFinal()) return;
      const stream = streams.get(key) ?? '';
      this.calls.push({ method: 'batchAppend', stream, metadata: flat(call.metadata) });
      const response = new BatchAppendResp().setCorrelationId(correlation).setStreamIdentifier(identifier ?? request.getOptions()?.getStreamIdentifier());
      if (this.accepts(stream)) {
        response.setSuccess(new BatchAppendResp.Success().setCurrentRevision('0').setPosition(new AllStreamPosition().setCommitPosition('100').setPreparePosition('100')));
      } else {
        const refusal = new WrongExpectedVersion().setCurrentStreamRevision('5').setExpectedAny(new ProtobufEmpty());
        const details = new Any();
        details.pack(refusal.serializeBinary(), 'event_store.client.WrongExpectedVersion');
        response.setError(new Status().setCode(9).setMessage('WrongExpectedVersion').setDetails(details));
      }
      call.write(response);
    });
    call.on('end', () => call.end());
  }
}

function supportedMethods(): SupportedMethods {
  const batchAppend = new SupportedMethod().setServiceName('event_store.client.streams.Streams').setMethodName('BatchAppend');
  return new SupportedMethods().setMethodsList([batchAppend]).setEventStoreServerVersion('23.10.0');
}

function flat(metadata: Metadata): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata.getMap()).map(([key, value]) => [key, value.toString()]));
}
