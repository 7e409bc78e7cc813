import '../styles/sign.css';
import { useCallback, useState } from 'react';
import { DATA_TOPICS, sharedDocumentSchema, type SharedDocument } from '@booth/shared/api';
import type { LiveRoom } from './room';
import { useVerifiedData } from './verified-data';

/**
 * Documents the admin put in front of the client in the consultation (signed `booth.documents`
 * messages from the API), newest first, the latest of each document only.
 */
export function useSharedDocuments(live: LiveRoom): SharedDocument[] {
  const [docs, setDocs] = useState<SharedDocument[]>([]);
  const add = useCallback(
    (d: SharedDocument) => setDocs((prev) => [d, ...prev.filter((p) => p.id !== d.id)]),
    [],
  );
  useVerifiedData(live, DATA_TOPICS.documents, sharedDocumentSchema, add);
  return docs;
}

/** "Shared with you": the contract to sign, opening in a new tab so the call goes on. */
export function SharedDocuments({ documents }: { documents: SharedDocument[] }) {
  if (!documents.length) return null;
  return (
    <section className="live-panel shared-documents" aria-labelledby="shared-documents-heading">
      <h2 id="shared-documents-heading">Shared with you</h2>
      <ul>
        {documents.map((d) => (
          <li key={d.id}>
            <a href={d.path} target="_blank" rel="noopener">
              Read and sign: {d.title}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
