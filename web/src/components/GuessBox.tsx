import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { api } from "../api/client";
import type { PlayerSuggestion } from "../api/types";
import { formatYears } from "../lib/format";
import { useDebouncedValue } from "../hooks/useDebouncedValue";

const SEARCH_DELAY_MS = 150;
const MAX_QUERY_LENGTH = 64;

interface GuessBoxProps {
  /** A guess is on its way: the field stays usable, but nothing more is sent until it lands. */
  busy: boolean;
  onGuess: (guess: string) => void;
  search?: (query: string) => Promise<PlayerSuggestion[]>;
}

const searchPlayers = async (query: string) => (await api.searchPlayers(query)).results;

/**
 * The guess field: an ARIA combobox with player-name suggestions. Arrow keys move through the
 * list, Enter guesses the highlighted name (or what was typed), Escape closes the list.
 */
export function GuessBox({ busy, onGuess, search = searchPlayers }: GuessBoxProps) {
  const id = useId();
  const listboxId = `${id}-suggestions`;
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState("");
  const [suggestions, setSuggestions] = useState<PlayerSuggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(-1);
  const query = useDebouncedValue(value.trim(), SEARCH_DELAY_MS);

  useEffect(() => {
    if (!query) {
      setSuggestions([]);
      return;
    }
    let current = true;
    search(query.slice(0, MAX_QUERY_LENGTH)).then(
      (results) => {
        if (!current) return;
        setSuggestions(results);
        setActiveIndex(-1);
      },
      // Suggestions are a convenience: without them the player can still type the full name.
      () => current && setSuggestions([]),
    );
    return () => {
      current = false;
    };
  }, [query, search]);

  // Each round mounts a fresh guess box: put the cursor in it.
  useEffect(() => input.current?.focus(), []);

  const expanded = open && suggestions.length > 0 && value.trim().length > 0;

  function submit(guess: string) {
    if (busy) return;
    const trimmed = guess.trim();
    setValue("");
    setSuggestions([]);
    setOpen(false);
    setActiveIndex(-1);
    onGuess(trimmed);
    input.current?.focus();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = suggestions.length;
    switch (event.key) {
      case "ArrowDown":
        if (count === 0) return;
        event.preventDefault();
        setOpen(true);
        setActiveIndex((index) => (index + 1) % count);
        break;
      case "ArrowUp":
        if (count === 0) return;
        event.preventDefault();
        setOpen(true);
        setActiveIndex((index) => (index <= 0 ? count - 1 : index - 1));
        break;
      case "Escape":
        if (expanded) {
          event.preventDefault();
          setOpen(false);
          setActiveIndex(-1);
        }
        break;
      case "Enter": {
        const chosen = expanded && activeIndex >= 0 ? suggestions[activeIndex] : undefined;
        if (chosen) {
          event.preventDefault();
          submit(chosen.name);
        }
        break;
      }
    }
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    submit(value);
  }

  return (
    <form className="guess-form" onSubmit={handleSubmit} aria-label="Guess the player">
      <label htmlFor={`${id}-input`} className="field-label">
        Your guess
      </label>
      <div className="guess-row">
        <div className="combobox">
          <input
            ref={input}
            id={`${id}-input`}
            type="text"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listboxId}
            aria-activedescendant={expanded && activeIndex >= 0 ? `${listboxId}-${activeIndex}` : undefined}
            aria-describedby={`${id}-help`}
            autoComplete="off"
            autoCapitalize="words"
            spellCheck={false}
            maxLength={MAX_QUERY_LENGTH}
            placeholder="Player name"
            value={value}
            data-cy="guess-input"
            onChange={(event) => {
              setValue(event.target.value);
              setOpen(true);
            }}
            onKeyDown={handleKeyDown}
            onBlur={() => setOpen(false)}
            onFocus={() => setOpen(true)}
          />
          <ul id={listboxId} role="listbox" aria-label="Player suggestions" className="suggestions" hidden={!expanded}>
            {suggestions.map((suggestion, index) => (
              <li
                key={`${suggestion.name}-${suggestion.from ?? ""}`}
                id={`${listboxId}-${index}`}
                role="option"
                aria-selected={index === activeIndex}
                className="suggestion"
                data-cy="suggestion"
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => submit(suggestion.name)}
              >
                <span>{suggestion.name}</span>
                <span className="muted">{formatYears(suggestion.from, suggestion.to)}</span>
              </li>
            ))}
          </ul>
        </div>
        <button type="submit" className="button button-primary" aria-disabled={busy} data-cy="submit-guess">
          Submit
        </button>
      </div>
      <p id={`${id}-help`} className="field-help">
        Type a name; use the arrow keys to pick a suggestion and Enter to guess.
      </p>
      <p className="visually-hidden" role="status">
        {expanded ? `${suggestions.length} suggestion${suggestions.length === 1 ? "" : "s"} available` : ""}
      </p>
    </form>
  );
}
