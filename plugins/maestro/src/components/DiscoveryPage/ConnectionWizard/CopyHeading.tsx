import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';

/** The heading of a text to copy (the IAM policy, the API calls): its title, the copy's outcome, and "Copy". */
export function CopyHeading(props: {
  /** The heading's id, which the text it heads may be labelled by. */
  id: string;
  title: string;
  /** What the last copy did ("Copied to the clipboard."), if anything. */
  copied?: string;
  onCopy: () => void;
  disabled: boolean;
}) {
  const { id, title, copied, onCopy, disabled } = props;
  return (
    <Box display="flex" alignItems="center" mt={2}>
      <Typography variant="subtitle2" style={{ flex: 1 }} id={id}>
        {title}
      </Typography>
      {copied && (
        <Typography variant="body2" color="textSecondary" role="status" style={{ marginRight: 8 }}>
          {copied}
        </Typography>
      )}
      <Button size="small" onClick={onCopy} disabled={disabled}>
        Copy
      </Button>
    </Box>
  );
}
