// Projects: list (with a type filter), create, rename, delete behind a confirmation.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDate } from '../format';
import type { ProjectType } from '../generated/graphql';
import { CreateProjectDocument, DeleteProjectDocument, ProjectsDocument, UpdateProjectDocument } from '../operations';
import { href } from '../router';

interface ProjectRow {
  id: string;
  name: string;
}

export function ProjectsPage() {
  const [type, setType] = useState<ProjectType | ''>('');
  const [{ data, error }, refetch] = useQuery({ query: ProjectsDocument, variables: { first: 100, type: type || null } });
  const [name, setName] = useState('');
  const [newType, setNewType] = useState<ProjectType>('DEVELOPMENT');
  const [created, create] = useMutation(CreateProjectDocument);
  const [renaming, setRenaming] = useState<ProjectRow | null>(null);
  const [deleting, setDeleting] = useState<ProjectRow | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  return (
    <section aria-labelledby="projects-title">
      <h1 id="projects-title">Projects</h1>
      <form
        className="inline-form"
        aria-label="Create project"
        onSubmit={(event) => {
          event.preventDefault();
          void create({ input: { name, type: newType } }).then((result) => {
            if (!result.error) {
              setName('');
              reload();
            }
          });
        }}
      >
        <label>
          Project name
          <input required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          Type
          <select aria-label="Type" value={newType} onChange={(event) => setNewType(event.target.value as ProjectType)}>
            <option value="DEVELOPMENT">Development</option>
            <option value="PRODUCTION">Production</option>
          </select>
        </label>
        <button type="submit" className="primary" disabled={created.fetching}>
          Create project
        </button>
      </form>
      <ErrorMessage error={created.error} />
      <div className="filters" role="search" aria-label="Filter projects">
        <label>
          Show
          <select aria-label="Show" value={type} onChange={(event) => setType(event.target.value as ProjectType | '')}>
            <option value="">All types</option>
            <option value="DEVELOPMENT">Development only</option>
            <option value="PRODUCTION">Production only</option>
          </select>
        </label>
      </div>
      <ErrorMessage error={error} />
      <table aria-label="Projects">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {data?.projects?.edges.map(({ node: project }) => (
            <tr key={project.id}>
              <th scope="row">
                <a href={href('projects', project.id)}>{project.name}</a>
              </th>
              <td>{project.type.toLowerCase()}</td>
              <td>{formatDate(project.createdAt)}</td>
              <td>{formatDate(project.updatedAt)}</td>
              <td className="actions">
                <button type="button" aria-label={`Rename ${project.name}`} onClick={() => setRenaming(project)}>
                  Rename
                </button>
                <button type="button" className="danger" aria-label={`Delete ${project.name}`} onClick={() => setDeleting(project)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.projects?.totalCount === 0 ? <p className="muted">No projects yet.</p> : null}
      {renaming ? <RenameProjectDialog project={renaming} onClose={() => (setRenaming(null), reload())} /> : null}
      {deleting ? <DeleteProjectDialog project={deleting} onClose={() => (setDeleting(null), reload())} /> : null}
    </section>
  );
}

function RenameProjectDialog({ project, onClose }: { project: ProjectRow; onClose: () => void }) {
  const [name, setName] = useState(project.name);
  const [{ fetching, error }, update] = useMutation(UpdateProjectDocument);
  return (
    <Dialog title={`Rename ${project.name}`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void update({ input: { id: project.id, name } }).then((result) => {
            if (!result.error) onClose();
          });
        }}
      >
        <label>
          New name
          <input required value={name} onChange={(event) => setName(event.target.value)} autoFocus />
        </label>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={fetching}>
            Save name
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteProjectDialog({ project, onClose }: { project: ProjectRow; onClose: (deleted: boolean) => void }) {
  const [{ fetching, error }, remove] = useMutation(DeleteProjectDocument);
  return (
    <ConfirmDialog
      title={`Delete ${project.name}?`}
      confirmLabel="Delete project"
      busy={fetching}
      onCancel={() => onClose(false)}
      onConfirm={() => {
        void remove({ id: project.id }).then((result) => {
          if (!result.error) onClose(true);
        });
      }}
    >
      <p>The project, its API keys and its webhooks are deleted. This cannot be undone.</p>
      <ErrorMessage error={error} />
    </ConfirmDialog>
  );
}
