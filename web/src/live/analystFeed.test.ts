import { describe, expect, it } from "vitest";
import { announceNewGames, FEED_CAP, mergeFeed } from "./analystFeed";

const item = (seq: number, playerName = `P${seq}`) => ({ seq, playerName });

describe("live feed merge", () => {
  it("puts the newest first", () => {
    expect(mergeFeed([item(2), item(1)], [item(3)]).map((entry) => entry.seq)).toEqual([3, 2, 1]);
    expect(mergeFeed([], [item(5), item(7), item(6)]).map((entry) => entry.seq)).toEqual([7, 6, 5]);
  });

  it("drops events already shown (a resumed feed replays them)", () => {
    const current = [item(3), item(2)];
    expect(mergeFeed(current, [item(3), item(2)])).toBe(current);
    expect(
      mergeFeed(current, [item(4), item(4, "again"), item(3)]).map((entry) => [entry.seq, entry.playerName]),
    ).toEqual([
      [4, "P4"],
      [3, "P3"],
      [2, "P2"],
    ]);
  });

  it("keeps at most the cap, dropping the oldest", () => {
    let feed: Array<{ seq: number; playerName: string }> = [];
    for (let seq = 1; seq <= FEED_CAP + 25; seq++) feed = mergeFeed(feed, [item(seq)]);
    expect(feed).toHaveLength(FEED_CAP);
    expect(feed[0]?.seq).toBe(FEED_CAP + 25);
    expect(feed.at(-1)?.seq).toBe(26);
    expect(mergeFeed([item(1)], [item(2), item(3)], 2).map((entry) => entry.seq)).toEqual([3, 2]);
  });

  it("says how many games a throttled announcement covers", () => {
    expect(announceNewGames(0)).toBe("");
    expect(announceNewGames(1)).toBe("1 more game finished.");
    expect(announceNewGames(4)).toBe("4 more games finished.");
  });
});
