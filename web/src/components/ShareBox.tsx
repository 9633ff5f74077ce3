import { useState } from "react";
import { shareLinks, shareMessage } from "../lib/share";

interface ShareBoxProps {
  shareText: string;
  /** Plain sentences saying what the emoji grid shows, for screen readers. */
  description: string;
  onShared: () => void;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    return copied;
  }
}

/** Spoiler-free share text, a copy button and share links for X, Facebook, Reddit and WhatsApp. */
export function ShareBox({ shareText, description, onShared }: ShareBoxProps) {
  const [copyStatus, setCopyStatus] = useState("");
  const origin = window.location.origin;
  const message = shareMessage(shareText, origin);
  return (
    <section aria-labelledby="share-heading" className="share card">
      <h2 id="share-heading" className="section-title">
        Share your result
      </h2>
      <pre className="share-text" aria-hidden="true" data-cy="share-text">
        {message}
      </pre>
      <p className="visually-hidden" data-cy="share-description">
        {description}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          data-cy="copy-share"
          onClick={async () => {
            const copied = await copyText(message);
            setCopyStatus(copied ? "Copied to clipboard." : "Copy failed: select the text and copy it yourself.");
          }}
        >
          <span aria-hidden="true">📋 </span>Copy result
        </button>
        <span role="status" className="copy-status">
          {copyStatus}
        </span>
      </div>
      <ul className="share-links">
        {shareLinks(shareText, origin).map((link) => (
          <li key={link.network}>
            <a
              className={`button share-link share-${link.network}`}
              href={link.href}
              target="_blank"
              rel="noopener noreferrer"
              data-cy={`share-${link.network}`}
              onClick={onShared}
            >
              {link.label}
              <span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
