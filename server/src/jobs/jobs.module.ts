import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';

/** Queue set-up only (pg-boss); each feature registers its own processors. */
@Global()
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}
