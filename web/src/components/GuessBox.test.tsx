// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PlayerSuggestion } from "../api/types";
import { GuessBox } from "./GuessBox";

const SUGGESTIONS: PlayerSuggestion[] = [
  { name: "Ryan Fitzpatrick", from: 2005, to: 2021 },
  { name: "Ryan Fitzgerald", from: null, to: null },
];

describe("GuessBox", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  async function typeAndWait(text: string) {
    const input = screen.getByRole("combobox", { name: "Your guess" });
    fireEvent.change(input, { target: { value: text } });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(200);
    });
    return input;
  }

  it("searches after a pause and opens a listbox of suggestions", async () => {
    const search = vi.fn(async () => SUGGESTIONS);
    render(<GuessBox busy={false} onGuess={() => undefined} search={search} />);
    const input = await typeAndWait("fitz");
    expect(search).toHaveBeenCalledTimes(1);
    expect(search).toHaveBeenCalledWith("fitz");
    expect(input.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getAllByRole("option")).toHaveLength(2);
  });

  it("moves with the arrow keys and guesses the highlighted name with Enter", async () => {
    const onGuess = vi.fn();
    render(<GuessBox busy={false} onGuess={onGuess} search={async () => SUGGESTIONS} />);
    const input = await typeAndWait("ryan");
    fireEvent.keyDown(input, { key: "ArrowDown" });
    fireEvent.keyDown(input, { key: "ArrowDown" });
    fireEvent.keyDown(input, { key: "ArrowUp" });
    const active = input.getAttribute("aria-activedescendant");
    expect(active).toBeTruthy();
    expect(document.getElementById(active ?? "")?.textContent).toContain("Ryan Fitzpatrick");
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onGuess).toHaveBeenCalledWith("Ryan Fitzpatrick");
    expect((input as HTMLInputElement).value).toBe("");
  });

  it("submits what was typed on Enter when nothing is highlighted, and Escape closes the list", async () => {
    const onGuess = vi.fn();
    render(<GuessBox busy={false} onGuess={onGuess} search={async () => SUGGESTIONS} />);
    const input = await typeAndWait("  Josh McCown ");
    fireEvent.keyDown(input, { key: "Escape" });
    expect(input.getAttribute("aria-expanded")).toBe("false");
    fireEvent.submit(input.closest("form") as HTMLFormElement);
    expect(onGuess).toHaveBeenCalledWith("Josh McCown");
  });

  it("keeps working when the search fails", async () => {
    const onGuess = vi.fn();
    render(<GuessBox busy={false} onGuess={onGuess} search={async () => Promise.reject(new Error("down"))} />);
    const input = await typeAndWait("fitz");
    expect(input.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(screen.getByRole("button", { name: "Submit" }));
    expect(onGuess).toHaveBeenCalledWith("fitz");
  });
});

describe("GuessBox while a guess is on its way", () => {
  afterEach(cleanup);

  it("keeps the field usable but sends nothing more", () => {
    const onGuess = vi.fn();
    render(<GuessBox busy onGuess={onGuess} search={async () => []} />);
    const input = screen.getByRole("combobox", { name: "Your guess" });
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: "Josh McCown" } });
    fireEvent.submit(input.closest("form") as HTMLFormElement);
    expect(onGuess).not.toHaveBeenCalled();
    expect((input as HTMLInputElement).value).toBe("Josh McCown");
  });
});
