import 'reflect-metadata';
import { isProjectionThread, runProjectionThread } from '@duban/projections';

// The built API is one bundle, so its projection thread (ProjectionThread) starts from this entry
// point too; the API's modules are loaded only when this is not that thread, which needs none of them.
if (isProjectionThread()) runProjectionThread();
else void import('./api-process');
