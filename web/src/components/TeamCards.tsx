import type { CSSProperties } from "react";
import type { TeamStint } from "../api/types";
import { formatYears } from "../lib/format";

const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const safeColour = (value: string, fallback: string) => (HEX_COLOUR.test(value) ? value : fallback);

interface TeamCardsProps {
  teams: TeamStint[];
  teamsTotal: number;
  /** Challenge mode shows the teams shuffled: no order and no years. */
  shuffled: boolean;
}

/** The mystery player's teams; in daily mode the ones not yet revealed show as blank cards. */
export function TeamCards({ teams, teamsTotal, shuffled }: TeamCardsProps) {
  const hiddenCount = Math.max(0, teamsTotal - teams.length);
  const List = shuffled ? "ul" : "ol";
  return (
    <section aria-labelledby="teams-heading" className="teams">
      <h2 id="teams-heading" className="section-title">
        Teams{" "}
        <span className="muted">
          ({teams.length} of {teamsTotal} shown{shuffled ? ", in random order" : ", in career order"})
        </span>
      </h2>
      <List className="team-grid" data-cy="team-cards">
        {teams.map((team, index) => {
          const years = formatYears(team.from, team.to);
          const style = {
            "--team-primary": safeColour(team.primary, "#56606b"),
            "--team-secondary": safeColour(team.secondary, "#a0a8b0"),
          } as CSSProperties;
          return (
            <li key={`${team.code}-${index}`} className="team-card" style={style} data-cy="team-card">
              <span className="team-band" aria-hidden="true" />
              {!shuffled && <span className="team-order">Team {index + 1}</span>}
              <strong className="team-name">{team.name}</strong>
              <span className="team-meta">
                {years ? <span>{years}</span> : <span className="muted">Years hidden</span>}
                {team.number !== null && <span aria-label={`jersey number ${team.number}`}>#{team.number}</span>}
              </span>
            </li>
          );
        })}
        {Array.from({ length: hiddenCount }, (_, offset) => (
          <li key={`hidden-${offset}`} className="team-card team-card-hidden" data-cy="team-card-hidden">
            <span className="team-band" aria-hidden="true" />
            {!shuffled && <span className="team-order">Team {teams.length + offset + 1}</span>}
            <strong className="team-name">
              <span aria-hidden="true">? </span>Not revealed yet
            </strong>
            <span className="team-meta muted">Shown after a miss</span>
          </li>
        ))}
      </List>
    </section>
  );
}
