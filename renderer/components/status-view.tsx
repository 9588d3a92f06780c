import type { CallStatus, RichErrorDetail } from '../../shared/model';

/** Any decoded ProtoJSON value as nested definition lists: readable without reading JSON. */
function DetailValue({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    return (
      <ol className="detail-list">
        {value.map((item, i) => (
          <li key={i}>
            <DetailValue value={item} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === 'object' && value !== null) {
    return (
      <dl className="detail-fields">
        {Object.entries(value).map(([key, child]) => (
          <div key={key} className="detail-field">
            <dt>{key}</dt>
            <dd>
              <DetailValue value={child} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span className="detail-scalar">{typeof value === 'string' ? value : JSON.stringify(value)}</span>;
}

function Detail({ detail }: { detail: RichErrorDetail }) {
  return (
    <li className="error-detail">
      <div className="error-detail-type" title={detail.typeUrl}>
        {detail.type}
      </div>
      {detail.value !== undefined ? <DetailValue value={detail.value} /> : null}
      {detail.raw !== undefined ? (
        <p className="muted small">
          Type not in the schema; raw bytes (base64): <code className="break">{detail.raw}</code>
        </p>
      ) : null}
    </li>
  );
}

/** A call's final status: code, message and the decoded google.rpc.Status details. */
export function StatusView({ status }: { status: CallStatus }) {
  return (
    <div className="status-view">
      <p>
        <strong className={status.code === 0 ? 'ok-text' : 'error-text'}>
          {status.name} ({status.code})
        </strong>
        {status.message && status.message !== status.name ? ` ${status.message}` : null}
      </p>
      {status.details.length > 0 ? (
        <ul className="error-details" aria-label="Error details">
          {status.details.map((detail, i) => (
            <Detail key={i} detail={detail} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
