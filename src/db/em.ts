// The ORM's types, apart from its set-up (orm.ts), so that the code that only uses an
// EntityManager does not import the entity list.
import type { EntityManager, MikroORM } from '@mikro-orm/sql';

export type Orm = MikroORM;
export type Em = EntityManager;
