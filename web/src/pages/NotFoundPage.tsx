import { PageHeading } from "../components/PageHeading";
import { Link } from "../router";

export default function NotFoundPage() {
  return (
    <div>
      <PageHeading title="Page not found" />
      <p>
        There is nothing at this address. <Link to="/">Go to the start</Link>.
      </p>
    </div>
  );
}
