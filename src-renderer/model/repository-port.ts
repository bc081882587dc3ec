// The UI drives the domain only through src-shared's repository: it calls a
// command and, on `ok:false`, shows the error's message. No rule is decided here.
export type { TaskRepository as RepositoryPort, Member as RepositoryMember } from '../../src-shared/doc/repository';
