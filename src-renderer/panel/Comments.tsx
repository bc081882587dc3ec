import { useEffect, useState } from 'react';
import type { TaskState } from '../../src-shared/domain/types';
import { useActions, useServices } from '../app/store-context';
import type { Labels } from '../model/labels';
import { formatStamp } from '../views/format';

/** Comments stay open on a closed task (the only change it accepts besides reopening). */
export function Comments({ task, labels }: { task: TaskState; labels: Labels }) {
  const { repository } = useServices();
  const { report } = useActions();
  const [comment, setComment] = useState('');
  useEffect(() => setComment(''), [task.id]);
  return (
    <section aria-label="Comments" className="comments-section">
      <h3>Comments {task.comments.length > 0 && <span className="count">{task.comments.length}</span>}</h3>
      <ul className="comments">
        {task.comments.map((entry) => (
          <li key={entry.id}><span className="who">{labels.person(entry.author)}</span> <time>{formatStamp(entry.at)}</time>
            <p className="comment-body">{entry.body}</p></li>
        ))}
      </ul>
      <form onSubmit={(event) => {
        event.preventDefault();
        if (comment.trim() && report(repository.comment(task.id, comment.trim()))) setComment('');
      }}>
        <textarea aria-label="Comment" placeholder="Write a comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
        <button type="submit">Comment</button>
      </form>
    </section>
  );
}
