export { RuleForm } from './RuleForm';
