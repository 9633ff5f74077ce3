import { describe, expect, it } from "vitest";
import type { RoundView } from "../api/types";
import { describeResult, shareLinks, shareMessage, summariseRound } from "./share";

const SERVER_TEXT = "Journeyman #412 🏈 3/9 teams\n🟥🟥🟩\nhttps://journeyman.example/";
const ORIGIN = "http://127.0.0.1:8080";

describe("shareMessage", () => {
  it("points the share text at the site the player is on", () => {
    expect(shareMessage(SERVER_TEXT, ORIGIN)).toBe("Journeyman #412 🏈 3/9 teams\n🟥🟥🟩\nhttp://127.0.0.1:8080/");
  });

  it("adds the URL when the server's text has none", () => {
    expect(shareMessage("Journeyman 🏈 2/5", ORIGIN)).toBe("Journeyman 🏈 2/5\nhttp://127.0.0.1:8080/");
  });
});

describe("shareLinks", () => {
  const links = shareLinks(SERVER_TEXT, ORIGIN);
  const byNetwork = Object.fromEntries(links.map((link) => [link.network, new URL(link.href)]));

  it("offers X, Facebook, Reddit and WhatsApp", () => {
    expect(links.map((link) => link.network)).toEqual(["x", "facebook", "reddit", "whatsapp"]);
    expect(links.every((link) => link.label.startsWith("Share on "))).toBe(true);
  });

  it("carries the score and location.origin, never the server's placeholder host", () => {
    expect(byNetwork.x?.searchParams.get("text")).toBe("Journeyman #412 🏈 3/9 teams\n🟥🟥🟩");
    expect(byNetwork.x?.searchParams.get("url")).toBe(`${ORIGIN}/`);
    expect(byNetwork.facebook?.searchParams.get("u")).toBe(`${ORIGIN}/`);
    expect(byNetwork.reddit?.searchParams.get("title")).toBe("Journeyman #412 🏈 3/9 teams");
    expect(byNetwork.whatsapp?.searchParams.get("text")).toBe(shareMessage(SERVER_TEXT, ORIGIN));
    expect(links.some((link) => link.href.includes("journeyman.example"))).toBe(false);
  });
});

function round(overrides: Partial<RoundView>): RoundView {
  return {
    index: 0,
    status: "solved",
    teams: [],
    teamsTotal: 9,
    hints: [],
    hintsLeft: 4,
    guesses: [],
    guessesLeft: 6,
    points: 80,
    answer: null,
    ...overrides,
  };
}

describe("the plain-text result for screen readers", () => {
  const team = { code: "BUF", name: "Buffalo Bills", from: 2009, to: 2012, number: 14, primary: "#00338D", secondary: "#C60C30" };
  const solved = summariseRound(
    round({
      teams: [team, team, team],
      guesses: [
        { guess: "Josh McCown", verdict: "wrong" },
        { guess: "Fitzpatrick", verdict: "ambiguous" },
        { guess: "Ryan Fitzpatrick", verdict: "correct" },
      ],
      hints: [{ kind: "position", label: "Position", value: "QB" }],
    }),
  );

  it("summarises a round without naming the player", () => {
    expect(solved).toEqual({ solved: true, teamsShown: 3, teamsTotal: 9, wrongGuesses: 1, hintsUsed: 1, points: 80 });
  });

  it("reads as sentences", () => {
    const failed = summariseRound(round({ status: "failed", points: null, guesses: [] }));
    expect(describeResult({ mode: "daily", puzzleNumber: 412 }, [solved])).toBe(
      "Journeyman daily #412: 1 of 1 player guessed. Round 1: solved with 3 of 9 teams shown, 1 wrong guess, 1 hint.",
    );
    expect(describeResult({ mode: "easy", puzzleNumber: null }, [solved, failed])).toBe(
      "Journeyman Easy Mode: 1 of 2 players guessed. " +
        "Round 1: solved with 3 of 9 teams shown, 1 wrong guess, 1 hint. " +
        "Round 2: not solved with 0 of 9 teams shown, 0 wrong guesses, no hints.",
    );
  });
});
