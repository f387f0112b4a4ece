import { initOrm } from '../../src/db/orm.js';
const orm = await initOrm({});
await orm.migrator.up();
const r = await orm.migrator.create(undefined, false, false, process.argv[2]);
console.log(r.fileName, r.code);
await orm.close();
