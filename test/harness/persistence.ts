// Repositories for tests that open a connection of their own: the persistence modules exactly as the apps
// import them (forFeature models, the one SequentialIds), on that connection, without an app around them.
// Not exported from the harness index, so that unit tests importing the harness do not load Nest modules.
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
  SERVER_PROFILE,
  type ServerProfile,
  ServerProfileModule,
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
  /** a provider by its class, or by its token (SERVER_PROFILE) */
  get<T>(type: Type<T> | symbol): T;
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
 * are left to the test, as before. A test that registers models of its own names only what it needs. The
 * server profile is the one the server's buildInfo chooses, as at an app's start, unless `profile` is given.
 */
export async function persistenceOn(
  connection: Connection,
  modules: readonly Type[] = EVERY_MODULE,
  options: { profile?: ServerProfile } = {},
): Promise<Persistence> {
  const builder = Test.createTestingModule({
    imports: [GivenConnectionModule.of(connection), ServerProfileModule, ...modules],
  });
  const { profile } = options;
  const module = await (
    profile ? builder.overrideProvider(SERVER_PROFILE).useValue(profile) : builder
  ).compile();
  return { get: (type) => module.get(type) };
}
