// Repositories for tests that open a connection of their own: the persistence modules exactly as the apps
// import them (forFeature models, the one SequentialIds), on that connection, without an app around them.
import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import type { Connection } from 'mongoose';
import {
  ActionEffectsPersistenceModule,
  AuthPersistenceModule,
  LeadsPersistenceModule,
  ScoringPersistenceModule,
  SequentialIdsModule,
  WorkflowsPersistenceModule,
} from '@leadflow/persistence';

/** Hands the test's connection to forFeature, as PersistenceModule's MongooseModule.forRoot does in the apps. */
@Module({})
class GivenConnectionModule {
  static of(connection: Connection): DynamicModule {
    const token = getConnectionToken();
    return {
      module: GivenConnectionModule,
      global: true,
      providers: [{ provide: token, useValue: connection }],
      exports: [token],
    };
  }
}

export interface Persistence {
  get<T>(type: Type<T>): T;
}

const EVERY_MODULE = [
  SequentialIdsModule,
  LeadsPersistenceModule,
  AuthPersistenceModule,
  ActionEffectsPersistenceModule,
  ScoringPersistenceModule,
  WorkflowsPersistenceModule,
];

/**
 * The repositories (and SequentialIds) of `modules` on `connection`, every one by default; start-up hooks
 * are left to the test, as before. A test that registers models of its own names only what it needs.
 */
export async function persistenceOn(
  connection: Connection,
  modules: readonly Type[] = EVERY_MODULE,
): Promise<Persistence> {
  const module = await Test.createTestingModule({
    imports: [GivenConnectionModule.of(connection), ...modules],
  }).compile();
  return { get: (type) => module.get(type) };
}
